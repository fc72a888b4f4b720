/**
 * What NDIS does on its own initiative: load and unload drivers, start and remove adapters, bind
 * every protocol to every adapter, pause and unbind, and offer registered address families.
 * Every step that calls a PASSIVE-only handler runs as a posted PASSIVE worker task.
 */
import { teardownAfOpen } from "./af-teardown.ts";
import type { NdisHandle } from "./handle.ts";
import type { Host } from "./host.ts";
import type {
  AdapterRecord,
  AfRegistration,
  BindingRecord,
  DriverRecord,
  ProtocolRecord,
} from "./objects.ts";
import { type NDIS_STATUS, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, ndisStatusName } from "./status.ts";
import {
  type DRIVER_INITIALIZE,
  NDIS_HALT_ACTION,
  NDIS_OBJECT_TYPE,
  type NdisAttachmentHooks,
  NET_PNP_EVENT_CODE,
} from "./types.ts";
import { forceDeleteVc } from "./vc-teardown.ts";

/** A bind in progress (the object behind a BindContext handle). */
export interface BindContextRecord {
  readonly protocol: ProtocolRecord;
  readonly adapter: AdapterRecord;
  binding: BindingRecord | undefined;
  phase: "in-handler" | "pending" | "done";
  readonly handle: NdisHandle<"BindContext">;
}

/** An unbind in progress (the object behind an UnbindContext handle). */
export interface UnbindContextRecord {
  readonly binding: BindingRecord;
  phase: "in-handler" | "pending" | "done";
  readonly handle: NdisHandle<"UnbindContext">;
}

/** Loads a driver: runs its DriverEntry at PASSIVE_LEVEL and returns the NTSTATUS. */
export function loadDriver(host: Host, name: string, DriverEntry: DRIVER_INITIALIZE): number {
  if (host.drivers.has(name))
    throw new Error(`host "${host.name}": a driver named "${name}" is already loaded`);
  const driver: DriverRecord = {
    name,
    DriverObject: { DriverName: name, DriverUnload: undefined },
    state: "Loading",
    protocol: undefined,
    miniport: undefined,
  };
  host.drivers.set(name, driver);
  host.emit({ type: "state", object: `Driver ${name}`, from: "None", to: "Loading" });
  const status = host.runAs(name, () =>
    DriverEntry(driver.DriverObject, `\\Registry\\Machine\\System\\CurrentControlSet\\Services\\${name}`),
  );
  if (status !== NDIS_STATUS_SUCCESS) {
    host.drivers.delete(name);
    reportLeaks(host, driver);
    host.emit({ type: "state", object: `Driver ${name}`, from: "Loading", to: "Unloaded" });
    return status;
  }
  driver.state = "Loaded";
  host.emit({ type: "state", object: `Driver ${name}`, from: "Loading", to: "Loaded" });
  return status;
}

/**
 * Unloads a driver: unbinds a protocol from every adapter (or removes a miniport's adapters),
 * then calls its unload routine and reports every block it left allocated.
 */
export function unloadDriver(host: Host, name: string): void {
  const driver = host.drivers.get(name);
  if (driver === undefined) throw new Error(`host "${host.name}": no driver "${name}" is loaded`);
  if (driver.state !== "Loaded") return;
  driver.state = "Unloading";
  host.emit({ type: "state", object: `Driver ${name}`, from: "Loaded", to: "Unloading" });
  if (driver.protocol !== undefined)
    for (const binding of driver.protocol.bindings) scheduleUnbind(host, binding);
  if (driver.miniport !== undefined)
    for (const adapter of driver.miniport.adapters) removeAdapter(host, adapter.name);
  maybeFinishUnload(host, driver);
}

function maybeFinishUnload(host: Host, driver: DriverRecord): void {
  if (driver.state !== "Unloading") return;
  if ((driver.protocol?.bindings.size ?? 0) > 0 || (driver.miniport?.adapters.size ?? 0) > 0) return;
  driver.state = "Unloaded";
  host.post(`unload ${driver.name}`, driver, () => {
    const miniport = driver.miniport;
    if (miniport !== undefined) {
      host.callHandler(driver, "MiniportDriverUnload", {}, () =>
        miniport.characteristics.UnloadHandler(driver.DriverObject),
      );
    } else {
      driver.DriverObject.DriverUnload?.(driver.DriverObject);
    }
    reportLeaks(host, driver);
    host.drivers.delete(driver.name);
    host.emit({ type: "state", object: `Driver ${driver.name}`, from: "Unloading", to: "Unloaded" });
  });
}

function reportLeaks(host: Host, driver: DriverRecord): void {
  const nbl = host.nbls.liveOf(driver);
  if (nbl.nbls > 0 || nbl.pools > 0) {
    host.contract(
      "memory-leak-at-unload",
      `driver "${driver.name}" unloaded with ${nbl.nbls} NBL(s) and ${nbl.pools} NBL pool(s) not freed`,
    );
  }
  const left = host.memory.liveOf(driver.name);
  if (left.length === 0) return;
  const list = left
    .map((b) => `#${b.id} '${b.tag}' ${b.length} bytes${b.subject === null ? "" : ` for ${b.subject}`}`)
    .join(", ");
  host.contract(
    "memory-leak-at-unload",
    `driver "${driver.name}" unloaded with ${left.length} block(s) allocated: ${list}`,
  );
}

/** Adds an adapter of a loaded miniport driver: MiniportInitializeEx, restart, then binds. */
export function addAdapter(
  host: Host,
  init: { readonly name: string; readonly miniport: string; readonly attachment?: unknown },
): void {
  const driver = host.drivers.get(init.miniport);
  const miniport = driver?.miniport;
  if (driver === undefined || miniport === undefined)
    throw new Error(`host "${host.name}": no miniport driver "${init.miniport}"`);
  if (host.adapters.has(init.name))
    throw new Error(`host "${host.name}": an adapter named "${init.name}" exists`);
  const adapter: AdapterRecord = {
    name: init.name,
    miniport,
    handle: undefined as unknown as NdisHandle<"Miniport">,
    attachment: init.attachment,
    state: "Initializing",
    MiniportAdapterContext: undefined,
    medium: -1,
    bindings: new Set(),
    afs: new Set(),
    vcs: new Set(),
    removing: false,
  };
  (adapter as { handle: NdisHandle<"Miniport"> }).handle = host.issue("Miniport", adapter);
  host.adapters.set(init.name, adapter);
  hookAttachment(host, adapter, driver);
  miniport.adapters.add(adapter);
  host.post(`initialize ${init.name}`, driver, () => {
    const status = host.callHandler(
      driver,
      "MiniportInitializeEx",
      { NdisMiniportHandle: adapter.handle },
      () =>
        miniport.characteristics.InitializeHandlerEx(adapter.handle, miniport.MiniportDriverContext, {
          AdapterName: init.name,
          Attachment: init.attachment,
        }),
    );
    if (status !== NDIS_STATUS_SUCCESS || adapter.medium < 0) {
      if (status === NDIS_STATUS_SUCCESS)
        host.contract(
          "wrong-state",
          `MiniportInitializeEx of "${init.name}" succeeded without NdisMSetMiniportAttributes`,
        );
      dropAdapter(host, adapter, "Initializing");
      return;
    }
    setAdapterState(host, adapter, "Paused");
    setAdapterState(host, adapter, "Restarting");
    const restart = host.callHandler(driver, "MiniportRestart", {}, () =>
      miniport.characteristics.RestartHandler(adapter.MiniportAdapterContext, {
        Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS, Revision: 1 },
      }),
    );
    if (restart !== NDIS_STATUS_SUCCESS) {
      host.contract(
        "wrong-state",
        `MiniportRestart of "${init.name}" returned ${ndisStatusName(restart)}; the model needs SUCCESS`,
      );
      setAdapterState(host, adapter, "Paused");
      return;
    }
    setAdapterState(host, adapter, "Running");
    for (const d of host.drivers.values())
      if (d.protocol?.state === "Registered") scheduleBind(host, d.protocol, adapter);
  });
}

/** Runs the medium's callbacks as the miniport's DPCs and records its frames on the event stream. */
function hookAttachment(host: Host, adapter: AdapterRecord, driver: DriverRecord): void {
  const hooks = adapter.attachment as NdisAttachmentHooks | undefined;
  if (typeof hooks !== "object" || hooks === null) return;
  hooks.connectInterrupts?.((label, fn) => {
    if (adapter.state !== "Halted") host.runDpc(driver, `${adapter.name}: ${label}`, fn);
  });
  hooks.observeFrames?.((direction, frame) =>
    host.emit({
      type: "frame",
      adapter: adapter.name,
      direction,
      vpi: frame.vpi,
      vci: frame.vci,
      payload: frame.payload,
    }),
  );
}

function setAdapterState(host: Host, adapter: AdapterRecord, to: AdapterRecord["state"]): void {
  host.emit({ type: "state", object: `Adapter ${adapter.name}`, from: adapter.state, to });
  adapter.state = to;
}

function dropAdapter(host: Host, adapter: AdapterRecord, from: AdapterRecord["state"]): void {
  for (const reg of adapter.afs) killRegistration(host, reg);
  for (const vc of [...adapter.vcs]) forceDeleteVc(host, vc, `adapter ${adapter.name} halted`);
  host.revoke(adapter.handle);
  host.adapters.delete(adapter.name);
  adapter.miniport.adapters.delete(adapter);
  host.emit({ type: "state", object: `Adapter ${adapter.name}`, from, to: "Halted" });
  adapter.state = "Halted";
  maybeFinishUnload(host, adapter.miniport.driver);
}

/** Removes an adapter: unbinds every protocol, then pauses and halts the miniport. */
export function removeAdapter(host: Host, name: string): void {
  const adapter = host.adapters.get(name);
  if (adapter === undefined) throw new Error(`host "${host.name}": no adapter "${name}"`);
  if (adapter.removing) return;
  adapter.removing = true;
  for (const binding of adapter.bindings) scheduleUnbind(host, binding);
  maybeHalt(host, adapter);
}

function maybeHalt(host: Host, adapter: AdapterRecord): void {
  if (
    !adapter.removing ||
    adapter.bindings.size > 0 ||
    adapter.state === "Halting" ||
    adapter.state === "Halted"
  )
    return;
  const driver = adapter.miniport.driver;
  const chars = adapter.miniport.characteristics;
  const from = adapter.state;
  setAdapterState(host, adapter, "Halting");
  host.post(`halt ${adapter.name}`, driver, () => {
    if (from === "Running")
      host.callHandler(driver, "MiniportPause", {}, () =>
        chars.PauseHandler(adapter.MiniportAdapterContext, {}),
      );
    host.callHandler(driver, "MiniportHaltEx", {}, () =>
      chars.HaltHandlerEx(adapter.MiniportAdapterContext, NDIS_HALT_ACTION.NdisHaltDeviceDisabled),
    );
    dropAdapter(host, adapter, "Halting");
  });
}

/** Posts a bind of every Running adapter to a newly registered protocol. */
export function scheduleBindsForProtocol(host: Host, protocol: ProtocolRecord): void {
  for (const adapter of host.adapters.values())
    if (adapter.state === "Running") scheduleBind(host, protocol, adapter);
}

function scheduleBind(host: Host, protocol: ProtocolRecord, adapter: AdapterRecord): void {
  host.post(`bind ${protocol.characteristics.Name} to ${adapter.name}`, protocol.driver, () => {
    if (
      protocol.state !== "Registered" ||
      protocol.driver.state !== "Loaded" ||
      adapter.state !== "Running" ||
      adapter.removing
    )
      return;
    for (const b of protocol.bindings) if (b.adapter === adapter) return;
    const ctx: BindContextRecord = {
      protocol,
      adapter,
      binding: undefined,
      phase: "in-handler",
      handle: undefined as unknown as NdisHandle<"BindContext">,
    };
    (ctx as { handle: NdisHandle<"BindContext"> }).handle = host.issue("BindContext", ctx);
    const status = host.callHandler(
      protocol.driver,
      "ProtocolBindAdapterEx",
      { BindContext: ctx.handle },
      () =>
        protocol.characteristics.BindAdapterHandlerEx(protocol.ProtocolDriverContext, ctx.handle, {
          Header: { Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_BIND_PARAMETERS, Revision: 1 },
          AdapterName: adapter.name,
          MediaType: adapter.medium,
          ConnectionOriented: adapter.miniport.co !== undefined,
        }),
    );
    if (status === NDIS_STATUS_PENDING && ctx.phase === "in-handler") ctx.phase = "pending";
    else if (ctx.phase === "in-handler") finishBind(host, ctx, status);
  });
}

/** Ends a bind with the protocol's status (returned, or given to NdisCompleteBindAdapterEx). */
export function finishBind(host: Host, ctx: BindContextRecord, status: NDIS_STATUS): void {
  ctx.phase = "done";
  host.revoke(ctx.handle);
  const binding = ctx.binding;
  if (status !== NDIS_STATUS_SUCCESS) {
    if (binding !== undefined && binding.state !== "Closed") {
      host.contract(
        "wrong-state",
        `ProtocolBindAdapterEx failed (${ndisStatusName(status)}) but left its binding to "${ctx.adapter.name}" open`,
      );
      closeBinding(host, binding);
    }
    return;
  }
  if (binding === undefined || binding.state === "Closed") {
    host.contract(
      "wrong-state",
      `ProtocolBindAdapterEx returned SUCCESS without an open binding to "${ctx.adapter.name}"`,
    );
    return;
  }
  binding.bound = true;
  host.post(
    `restart binding ${ctx.protocol.characteristics.Name}/${ctx.adapter.name}`,
    ctx.protocol.driver,
    () => {
      if (binding.state !== "Paused" || binding.unbinding) return;
      setBindingState(host, binding, "Restarting");
      host.callHandler(binding.protocol.driver, "ProtocolNetPnPEvent", { NetEvent: "NetEventRestart" }, () =>
        binding.protocol.characteristics.NetPnPEventHandler(binding.ProtocolBindingContext, {
          NetPnPEvent: { NetEvent: NET_PNP_EVENT_CODE.NetEventRestart },
        }),
      );
      if ((binding.state as BindingRecord["state"]) === "Restarting")
        setBindingState(host, binding, "Running");
    },
  );
  for (const reg of ctx.adapter.afs) scheduleAfNotify(host, reg, binding);
}

/** @internal Records a binding state change. */
export function setBindingState(host: Host, binding: BindingRecord, to: BindingRecord["state"]): void {
  host.emit({
    type: "state",
    object: `Binding ${binding.protocol.characteristics.Name}/${binding.adapter.name}`,
    from: binding.state,
    to,
  });
  binding.state = to;
}

/** Posts ProtocolCoAfRegisterNotify of `reg` to the protocol of `binding`, if it is a CoNDIS protocol other than the CM. */
export function scheduleAfNotify(host: Host, reg: AfRegistration, binding: BindingRecord): void {
  const protocol = binding.protocol;
  if (protocol.co === undefined || reg.binding?.protocol === protocol) return;
  host.post(
    `AF ${reg.AddressFamily.AddressFamily} register notify to ${protocol.characteristics.Name}`,
    protocol.driver,
    () => {
      if (reg.state !== "Registered" || !binding.bound || binding.unbinding || binding.state === "Closed")
        return;
      const notify = protocol.co?.CoAfRegisterNotifyHandler;
      if (notify === undefined) return;
      host.callHandler(
        protocol.driver,
        "ProtocolCoAfRegisterNotify",
        { AddressFamily: reg.AddressFamily },
        () => notify(binding.ProtocolBindingContext, { ...reg.AddressFamily }),
      );
    },
  );
}

/** Posts the pause and ProtocolUnbindAdapterEx of a binding. */
export function scheduleUnbind(host: Host, binding: BindingRecord): void {
  host.post(
    `unbind ${binding.protocol.characteristics.Name} from ${binding.adapter.name}`,
    binding.protocol.driver,
    () => {
      if (binding.unbinding || binding.state === "Closed" || !binding.bound) {
        if (!binding.bound && binding.state !== "Closed" && !binding.unbinding) scheduleUnbind(host, binding);
        return;
      }
      binding.unbinding = true;
      const protocol = binding.protocol;
      if (binding.state === "Running" || binding.state === "Restarting") {
        setBindingState(host, binding, "Pausing");
        host.callHandler(protocol.driver, "ProtocolNetPnPEvent", { NetEvent: "NetEventPause" }, () =>
          protocol.characteristics.NetPnPEventHandler(binding.ProtocolBindingContext, {
            NetPnPEvent: { NetEvent: NET_PNP_EVENT_CODE.NetEventPause },
          }),
        );
        if ((binding.state as BindingRecord["state"]) === "Pausing") setBindingState(host, binding, "Paused");
      }
      const ctx: UnbindContextRecord = {
        binding,
        phase: "in-handler",
        handle: undefined as unknown as NdisHandle<"UnbindContext">,
      };
      (ctx as { handle: NdisHandle<"UnbindContext"> }).handle = host.issue("UnbindContext", ctx);
      const status = host.callHandler(
        protocol.driver,
        "ProtocolUnbindAdapterEx",
        { UnbindContext: ctx.handle },
        () => protocol.characteristics.UnbindAdapterHandlerEx(ctx.handle, binding.ProtocolBindingContext),
      );
      if (status === NDIS_STATUS_PENDING && ctx.phase === "in-handler") ctx.phase = "pending";
      else if (ctx.phase === "in-handler") finishUnbind(host, ctx);
    },
  );
}

/** Ends an unbind (returned, or NdisCompleteUnbindAdapterEx); the binding must be closed by now. */
export function finishUnbind(host: Host, ctx: UnbindContextRecord): void {
  ctx.phase = "done";
  host.revoke(ctx.handle);
  const binding = ctx.binding;
  if (binding.state !== "Closed") {
    host.contract(
      "unbind-without-close",
      `ProtocolUnbindAdapterEx of "${binding.protocol.characteristics.Name}" completed without NdisCloseAdapterEx`,
    );
    closeBinding(host, binding);
  }
}

/**
 * Closes a binding (NdisCloseAdapterEx, or NDIS cleaning up after a driver that did not): AFs
 * the protocol opened or registered on it are torn down, with a report when any were left.
 */
export function closeBinding(host: Host, binding: BindingRecord): void {
  if (binding.state === "Closed") return;
  setBindingState(host, binding, "Closing");
  for (const open of [...binding.clientAfs]) {
    if (open.state === "Closed") continue;
    host.contract(
      "binding-closed-with-open-afs",
      `binding ${binding.protocol.characteristics.Name}/${binding.adapter.name} closed with AF open ${open.id} in state ${open.state}`,
    );
    teardownAfOpen(host, open, "client binding closed");
  }
  for (const reg of [...binding.cmAfs]) killRegistration(host, reg);
  for (const vc of [...binding.vcs])
    forceDeleteVc(
      host,
      vc,
      `binding ${binding.protocol.characteristics.Name}/${binding.adapter.name} closed`,
    );
  setBindingState(host, binding, "Closed");
  host.revoke(binding.handle);
  binding.protocol.bindings.delete(binding);
  binding.adapter.bindings.delete(binding);
  maybeHalt(host, binding.adapter);
  maybeFinishUnload(host, binding.protocol.driver);
}

function killRegistration(host: Host, reg: AfRegistration): void {
  for (const open of [...reg.opens]) {
    if (open.state === "Closed") continue;
    host.contract(
      "notify-close-not-issued",
      `AF ${reg.AddressFamily.AddressFamily} of "${reg.driver.name}" went away with open ${open.id} in state ${open.state}: NdisCmNotifyCloseAddressFamily first`,
    );
    teardownAfOpen(host, open, "call manager went away");
  }
  reg.state = "Dead";
  reg.adapter.afs.delete(reg);
  reg.binding?.cmAfs.delete(reg);
  host.emit({ type: "state", object: `AfRegistration ${reg.id}`, from: "Registered", to: "Dead" });
}
