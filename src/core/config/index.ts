export { DEFAULT_CONFIG, fitbenchConfigSchema, parseConfig, updateConfig } from './fitbench-config';
export type {
  AlertsConfig,
  AnomalyConfig,
  BreakerConfig,
  CheckpointConfig,
  FitbenchConfig,
  FitbenchConfigInput,
  HealthConfig,
  JobConfig,
  LogConfig,
  MetricsConfig,
  PoolConfig,
  RetryConfig,
  SloConfig,
} from './fitbench-config';
