export { ExponentialSmoothing, type ExponentialSmoothingOptions, type ExponentialSmoothingJSON, type HoltWintersParams } from './holtWinters.js';
export { nelderMead, type NelderMeadOptions } from './nelderMead.js';
export { ARIMA, type ARIMAOptions, type ARIMAForecast, type ARIMAJSON } from './arima.js';
export { armaStateSpace, kalmanFilter, stationaryCovariance, constrainStationary, unconstrainStationary, type ArmaStateSpace } from './kalman.js';
