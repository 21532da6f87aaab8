import type { KeyPersonTaskView } from '@fengqiao/contracts';
import { useAuth } from '../auth/auth';
import { useLoad, type Loaded } from '../shell/use-load';
import { keyPersonsApi } from './key-persons.api';

/** The signed-in responsible person's key-person tasks: one fetch for the task list and the grid worker's home. */
export function useKeyPersonTasks(): Loaded<KeyPersonTaskView[]> {
  const { api } = useAuth();
  return useLoad(() => keyPersonsApi(api).tasks(), []);
}
