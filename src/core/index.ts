export type { ClientIdentity, Dispatch, GatewayAnswer, GatewayRequest } from './gateway-request.ts';
export type {
  ForwardOptions,
  ForwardRequest,
  Operation,
  ProviderAdapter,
  UpstreamHeaders,
  UpstreamResponse,
  WireFormat,
} from './provider-adapter.ts';
export { type FailureKind, type FailurePhase, UpstreamFailure } from './upstream-failure.ts';
