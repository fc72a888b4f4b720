/** The NDIS library model: the DDI surface drivers are written against, and the host. */
export * from "./af.ts";
export * from "./binding.ts";
export type * from "./call-parameters.ts";
export { CO_CALL_FLAGS, CO_MEDIA_FLAGS } from "./call-parameters.ts";
export * from "./calls.ts";
export type * from "./characteristics.ts";
export * from "./data-path.ts";
export type * from "./data-types.ts";
export { DDIS, type DdiDescriptor, type DdiName } from "./ddi-descriptors.ts";
export * from "./deferred.ts";
export type {
  ArgSummary,
  ContractCode,
  EventListener,
  NdisEvent,
  NdisEventType,
  SubscribeOptions,
  SubscriberFailure,
} from "./events.ts";
export {
  type AnyNdisHandle,
  describeHandle,
  type HandleKind,
  type NDIS_HANDLE,
  type NdisHandle,
} from "./handle.ts";
export { HANDLERS, type HandlerDescriptor, type HandlerName } from "./handler-descriptors.ts";
export { createHost, Host, type HostInit, type HostOptions, type HostSnapshot } from "./host.ts";
export { DISPATCH_LEVEL, type IrqlRequirement, type KIRQL, PASSIVE_LEVEL } from "./irql.ts";
export { NdisAllocateMemoryWithTagPriority, NdisFreeMemory } from "./memory.ts";
export { makeTag, type NdisMemory, tagName } from "./memory-tracker.ts";
export {
  type NDIS_NBL_POOL,
  NdisAllocateNetBufferAndNetBufferList,
  NdisAllocateNetBufferListPool,
  NdisFreeNetBufferList,
  NdisFreeNetBufferListPool,
  type NET_BUFFER_LIST_POOL_PARAMETERS,
  netBufferData,
} from "./nbl.ts";
export * from "./oid.ts";
export * from "./parties.ts";
export * from "./registration.ts";
export type * from "./role-types.ts";
export * from "./sap.ts";
export * from "./spin-lock.ts";
export * from "./status.ts";
export * from "./system.ts";
export * from "./types.ts";
export * from "./vc.ts";
