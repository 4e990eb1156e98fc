export { readSse, defaults, type ReadSseOptions, type SseHeaders, type SseItem } from "./readSse.js";
export { reconnectDelay, parseRetryAfter, type ReconnectSettings } from "./reconnectPolicy.js";
export { readChannelSignal, type SseChannelSignal, type SseMissedSignal, type SseResetSignal } from "./signals.js";
export { SseChannelSignalError, SseDataError, SseHttpError, SseProtocolError, type SseProtocolErrorCode } from "./errors.js";
export { readOperation, type SseOperationOptions, type SseOperationParams } from "./operation.js";
