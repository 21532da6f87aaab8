import type { DataSource } from 'typeorm';
import { categoryLoadSchema, ok, zodFieldErrors, type Caller, type CategoryLoadResult, type Reply } from '@fengqiao/contracts';
import { hasAnyRole } from '@fengqiao/auth';
import { REFERENCE_DATA_WRITER_ROLES } from '@fengqiao/rules';
import type { ReferenceService } from '../reference/reference.service';
import { RoutingFailures } from './routing.failures';

/**
 * Categories are reference data an admin extends (`PUT /api/v1/categories`): new codes are added,
 * known ones renamed, none removed (cases keep their category). A new category is routed by the
 * `*` rules until a routing-rules version names it.
 */
export class CategoriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceService,
  ) {}

  async load(body: unknown, caller: Caller): Promise<Reply<CategoryLoadResult>> {
    if (!hasAnyRole(caller, REFERENCE_DATA_WRITER_ROLES)) return RoutingFailures.fail('CATEGORIES_FORBIDDEN');
    const parsed = categoryLoadSchema.safeParse(body);
    if (!parsed.success) return RoutingFailures.fail('CATEGORIES_INVALID', zodFieldErrors(parsed.error));

    const result: CategoryLoadResult = { added: [], renamed: [], unchanged: 0 };
    await this.ds.transaction(async (m) => {
      for (const c of parsed.data.categories) {
        // xmax = 0 tells an insert from an update; the WHERE keeps an unchanged row untouched.
        const rows = (await m.query(
          `INSERT INTO intake.categories (code, name, name_en, active) VALUES ($1, $2, $3, true)
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, active = true
             WHERE (categories.name, categories.name_en, categories.active) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en, true)
           RETURNING (xmax = 0) AS inserted`,
          [c.code, c.name, c.nameEn],
        )) as Array<{ inserted: boolean }>;
        if (!rows.length) result.unchanged += 1;
        else (rows[0].inserted ? result.added : result.renamed).push(c.code);
      }
    });
    this.refs.forget();
    return ok(result);
  }
}
