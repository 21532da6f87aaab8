import { Drawer } from 'antd';
import { CaseDetail } from '../cases/case-detail';

/** A case opened from a list, beside it on a desk and full-width on a phone. */
export function CaseDrawer({ id, onClose, onChanged }: { id: string | null; onClose(): void; onChanged?(): void }) {
  return (
    <Drawer open={!!id} onClose={onClose} width="min(960px, 100vw)" destroyOnClose styles={{ body: { padding: 8 } }} closable>
      {id && <CaseDetail id={id} onChanged={onChanged} />}
    </Drawer>
  );
}
