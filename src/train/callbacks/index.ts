export { ProgressBar, formatDuration, type ProgressBarOptions, type TextSink } from './progress-bar.js';
export { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export { ModelCheckpoint, formatFilepath, type ModelCheckpointOptions } from './model-checkpoint.js';
export { LearningRateSchedulerCallback } from './lr-scheduler.js';
export { CSVLogger } from './csv-logger.js';
export { JSONLLogger } from './jsonl-logger.js';
export { LambdaCallback } from './lambda.js';
export { AtomicLogFile } from './file-log.js';
