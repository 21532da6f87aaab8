import { Badge, Button, Card, Collapse, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { KeyPersonTaskView } from '@fengqiao/contracts';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { TASK_GROUPS, taskGroups, type TaskGroupKey } from './key-persons.helpers';
import { kpCode, type KeyPersonWord } from './key-persons.words';
import { KpActionDialog, type KpAction } from './kp-dialogs';
import { ColourTag, RiskTag } from './kp-parts';
import { useKeyPersonTasks } from './use-kp-tasks';

const GROUP_WORDS: Record<TaskGroupKey, KeyPersonWord> = {
  overdue: 'kpBucketOverdue',
  today: 'kpBucketToday',
  week: 'kpBucketWeek',
  special: 'kpBucketSpecial',
  later: 'kpBucketLater',
};

/** What a task asks for, as the dialog that does it (assessments are the officer's, on the record). */
function actionOf(task: KeyPersonTaskView): KpAction | null {
  if (task.obligation === 'contact') return { kind: 'contact' };
  if (task.obligation === 'daily-report' && task.periodId && task.day) return { kind: 'daily-report', periodId: task.periodId, day: task.day };
  if (task.obligation === 'summary') return { kind: 'summary' };
  return null;
}

/**
 * The responsible person's task list, phone first (grid workers in the field): overdue, today,
 * this week, the special-period daily reports; one tap records the contact or the report.
 * Masked names only: the list never shows more than the register does.
 */
export function KeyPersonTasksPage() {
  const { t, n, lang } = useI18n();
  const tasks = useKeyPersonTasks();
  const [doing, setDoing] = useState<{ task: KeyPersonTaskView; action: KpAction } | null>(null);
  const groups = taskGroups(tasks.data ?? []);
  const shown = TASK_GROUPS.filter((g) => groups[g].length > 0);
  return (
    <div data-testid="kp-tasks" style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('kpTasksTitle')}
      </Typography.Title>
      {tasks.error && <ProblemAlert error={tasks.error} onRetry={tasks.reload} />}
      {!tasks.loading && shown.length === 0 && !tasks.error && <Empty description={t('kpTasksEmpty')} />}
      {tasks.loading && !tasks.data && <Card loading />}
      <Collapse
        defaultActiveKey={[...TASK_GROUPS]}
        items={shown.map((g) => ({
          key: g,
          label: (
            <Space>
              {t(GROUP_WORDS[g])}
              <Badge count={groups[g].length} color={g === 'overdue' ? '#cf1322' : g === 'today' ? '#d48806' : '#8c8c8c'} showZero />
            </Space>
          ),
          children: (
            <List
              data-testid={`kp-tasks-${g}`}
              dataSource={groups[g]}
              renderItem={(task) => {
                const action = actionOf(task);
                return (
                  <List.Item
                    data-person={task.personId}
                    data-obligation={task.obligation}
                    actions={
                      action
                        ? [
                            <Button
                              key="do"
                              type="primary"
                              size="large"
                              data-action={action.kind}
                              onClick={() => setDoing({ task, action })}
                              style={{ minWidth: 96 }}
                            >
                              {action.kind === 'contact' ? t('kpRecordContact') : action.kind === 'daily-report' ? t('kpDailyReport') : t('kpAddSummary')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap size={4}>
                          <span>{task.nameMasked}</span>
                          <RiskTag level={task.riskLevel} />
                          <ColourTag colour={task.colour} />
                        </Space>
                      }
                      description={
                        <Space wrap size={4}>
                          <Tag>{kpCode('obligation', task.obligation, lang)}</Tag>
                          {task.day && <Tag>{task.day}</Tag>}
                          <span>
                            {t('kpDue')} {formatTime(task.dueAt)}
                          </span>
                          <span>· {n(task.orgUnit)}</span>
                        </Space>
                      }
                    />
                  </List.Item>
                );
              }}
            />
          ),
        }))}
      />
      {doing && (
        <KpActionDialog
          personId={doing.task.personId}
          action={doing.action}
          onClose={() => setDoing(null)}
          onDone={() => {
            setDoing(null);
            tasks.reload();
          }}
        />
      )}
    </div>
  );
}
