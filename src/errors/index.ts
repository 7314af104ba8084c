export { type ErrorCode, type ErrorCodeInfo, type ErrorKind, errorCodes } from './codes.ts';
export { OutlastError, type OutlastErrorOptions } from './outlast-error.ts';
export { type ClientFormat, errorTypeFor, type RenderedError, renderError, toOutlastError } from './render-error.ts';
