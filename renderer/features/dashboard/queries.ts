export { todoCounts } from '../../db/repos/collectives';
