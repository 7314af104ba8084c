/** The public programmatic API of Outlast. */
export { type LoadResult, loadConfig, parseConfigText } from './config/load-config.ts';
export { configSchema, type OutlastConfig } from './config/schema.ts';
export type { Dispatch, GatewayAnswer, GatewayRequest } from './core/gateway-request.ts';
export type { ProviderAdapter } from './core/provider-adapter.ts';
export { type ErrorCode, errorCodes } from './errors/codes.ts';
export { OutlastError } from './errors/outlast-error.ts';
export { createGateway, type Gateway, type GatewayDeps } from './gateway.ts';
export { type ServedGateway, type ServeOptions, serveGateway } from './server/serve-gateway.ts';
export { createSimulator, type Simulator } from './sim/create-simulator.ts';
