/**
 * The registry import, as the rest of the product uses it: the CLI (command.ts) and the editor
 * UI's upload with its preview (a dry run) call importRegistry; the report is plain JSON.
 */
export { importRegistry, ImportUsageError, type ImportOptions, type ImportProgress } from './import.js';
export { rejectedFileName, rejectedRowsFile } from '../kit/rejected.js';
export { formatNotice, formatProblem, formatSummary, type ImportReport, type Notice, type RowProblem } from '../kit/report.js';
