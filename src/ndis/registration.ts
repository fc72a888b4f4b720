import {
  missingHandlers,
  type NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS,
  type NDIS_CO_CLIENT_OPTIONAL_HANDLERS,
  type NDIS_DRIVER_OPTIONAL_HANDLERS,
  type NDIS_MINIPORT_CO_CHARACTERISTICS,
  type NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
  type NDIS_PROTOCOL_CO_CHARACTERISTICS,
  type NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
  REQUIRED_FIELDS,
} from "./characteristics.ts";
import { currentFrame } from "./context.ts";
import type { NDIS_HANDLE, NdisHandle } from "./handle.ts";
import { type Host, hostForDdi } from "./host.ts";
import { scheduleBindsForProtocol } from "./lifecycle.ts";
import type { MiniportDriverRecord, ProtocolRecord } from "./objects.ts";
import {
  type NDIS_STATUS,
  NDIS_STATUS_BAD_CHARACTERISTICS,
  NDIS_STATUS_BAD_VERSION,
  NDIS_STATUS_FAILURE,
  NDIS_STATUS_NOT_SUPPORTED,
  NDIS_STATUS_SUCCESS,
} from "./status.ts";
import { NDIS_OBJECT_TYPE } from "./types.ts";

/** NDIS versions the model accepts in characteristics (NDIS 6.x). */
const NDIS_MAJOR_VERSION = 6;

/**
 * What is wrong with a driver's characteristics structure: its header type, its NDIS major
 * version, or a required handler missing; undefined when nothing is.
 */
function characteristicsFault(
  chars: { readonly Header?: { readonly Type?: number }; readonly MajorNdisVersion?: number } | null,
  type:
    | "NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS"
    | "NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS",
  required: readonly string[],
): { status: NDIS_STATUS; why: string } | undefined {
  if (typeof chars !== "object" || chars === null || chars.Header?.Type !== NDIS_OBJECT_TYPE[type])
    return { status: NDIS_STATUS_BAD_CHARACTERISTICS, why: `Header.Type is not ${type}` };
  if (chars.MajorNdisVersion !== NDIS_MAJOR_VERSION)
    return {
      status: NDIS_STATUS_BAD_VERSION,
      why: `MajorNdisVersion ${chars.MajorNdisVersion} (NDIS 6 expected)`,
    };
  const missing = missingHandlers(chars, required);
  if (missing.length > 0)
    return {
      status: NDIS_STATUS_BAD_CHARACTERISTICS,
      why: `missing required handler(s) ${missing.join(", ")}`,
    };
  return undefined;
}

/**
 * NdisRegisterProtocolDriver: registers the protocol of the driver whose DriverEntry runs now,
 * calls its ProtocolSetOptions inside the call, then binds it to every adapter.
 */
export function NdisRegisterProtocolDriver(
  ProtocolDriverContext: NDIS_HANDLE,
  ProtocolCharacteristics: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
): { status: NDIS_STATUS; NdisProtocolHandle: NdisHandle<"Protocol"> | null } {
  const frame = currentFrame();
  if (frame === undefined) return { status: NDIS_STATUS_FAILURE, NdisProtocolHandle: null };
  const host = frame.host;
  const ddi = "NdisRegisterProtocolDriver";
  return host.ddi(
    ddi,
    { ProtocolDriverContext, ProtocolCharacteristics },
    () => {
      const fail = (status: NDIS_STATUS, why: string) => {
        host.contract(
          status === NDIS_STATUS_BAD_CHARACTERISTICS ? "missing-handler" : "bad-parameter",
          `${ddi}: ${why}`,
          { ddi },
        );
        return { status, NdisProtocolHandle: null };
      };
      const driver = frame.driver;
      if (driver === null || driver.state !== "Loading")
        return fail(NDIS_STATUS_FAILURE, "only a driver's DriverEntry may register a protocol");
      if (driver.protocol !== undefined || driver.miniport !== undefined)
        return fail(NDIS_STATUS_FAILURE, `driver "${driver.name}" already registered`);
      const chars = ProtocolCharacteristics;
      const bad = characteristicsFault(
        chars,
        "NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS",
        REQUIRED_FIELDS.NDIS_PROTOCOL_DRIVER_CHARACTERISTICS,
      );
      if (bad !== undefined) return fail(bad.status, bad.why);
      for (const other of host.drivers.values()) {
        if (other.protocol?.characteristics.Name === chars.Name && other.protocol.state !== "Deregistered") {
          return fail(NDIS_STATUS_FAILURE, `a protocol named "${chars.Name}" is already registered`);
        }
      }
      const record: ProtocolRecord = {
        driver,
        handle: undefined as unknown as NdisHandle<"Protocol">,
        characteristics: { ...chars },
        ProtocolDriverContext,
        co: undefined,
        cm: undefined,
        cl: undefined,
        state: "SettingOptions",
        bindings: new Set(),
      };
      (record as { handle: NdisHandle<"Protocol"> }).handle = host.issue("Protocol", record);
      driver.protocol = record;
      if (chars.SetOptionsHandler !== undefined) {
        const setOptions = chars.SetOptionsHandler;
        const status = host.callHandler(
          driver,
          "ProtocolSetOptions",
          { NdisDriverHandle: record.handle },
          () => setOptions(record.handle, ProtocolDriverContext),
        );
        if (status !== NDIS_STATUS_SUCCESS) {
          host.revoke(record.handle);
          driver.protocol = undefined;
          return { status, NdisProtocolHandle: null };
        }
      }
      if ((record.cm !== undefined || record.cl !== undefined) && record.co === undefined) {
        host.revoke(record.handle);
        driver.protocol = undefined;
        return fail(
          NDIS_STATUS_BAD_CHARACTERISTICS,
          "client or call-manager handlers without NDIS_PROTOCOL_CO_CHARACTERISTICS",
        );
      }
      record.state = "Registered";
      scheduleBindsForProtocol(host, record);
      return { status: NDIS_STATUS_SUCCESS, NdisProtocolHandle: record.handle };
    },
    (r) => r.status,
  );
}

/**
 * NdisSetOptionalHandlers: registers the CoNDIS structures of a protocol or miniport driver
 * while its SetOptions handler runs. Every entry of the client and call-manager structures must
 * be non-NULL; a table that lacks one is refused with NDIS_STATUS_FAILURE.
 */
export function NdisSetOptionalHandlers(
  NdisHandle: NdisHandle<"Protocol"> | NdisHandle<"MiniportDriver">,
  OptionalHandlers: NDIS_DRIVER_OPTIONAL_HANDLERS,
): NDIS_STATUS {
  const host = hostForDdi("NdisSetOptionalHandlers", NdisHandle);
  const ddi = "NdisSetOptionalHandlers";
  return host.ddi(ddi, { NdisHandle, OptionalHandlers }, () => {
    const target =
      NdisHandle?.kind === "MiniportDriver"
        ? host.resolve<MiniportDriverRecord>(NdisHandle, "MiniportDriver", ddi)
        : host.resolve<ProtocolRecord>(NdisHandle, "Protocol", ddi);
    if (target === undefined) return NDIS_STATUS_FAILURE;
    if (target.state !== "SettingOptions") {
      host.contract(
        "wrong-state",
        `${ddi}: only from ${"bindings" in target ? "ProtocolSetOptions" : "MiniportSetOptions"}`,
        { ddi },
      );
      return NDIS_STATUS_FAILURE;
    }
    const type = OptionalHandlers?.Header?.Type;
    const refuse = (structure: keyof typeof REQUIRED_FIELDS): boolean => {
      const missing = missingHandlers(OptionalHandlers, REQUIRED_FIELDS[structure]);
      if (missing.length === 0) return false;
      host.contract(
        "missing-handler",
        `${ddi}: ${structure} lacks ${missing.join(", ")} (every entry must be non-NULL)`,
        { ddi },
      );
      return true;
    };
    const isProtocol = "bindings" in target;
    switch (type) {
      case NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS:
        if (!isProtocol || refuse("NDIS_PROTOCOL_CO_CHARACTERISTICS")) return NDIS_STATUS_FAILURE;
        target.co = { ...(OptionalHandlers as NDIS_PROTOCOL_CO_CHARACTERISTICS) };
        return NDIS_STATUS_SUCCESS;
      case NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS:
        if (!isProtocol || refuse("NDIS_CO_CLIENT_OPTIONAL_HANDLERS")) return NDIS_STATUS_FAILURE;
        target.cl = { ...(OptionalHandlers as NDIS_CO_CLIENT_OPTIONAL_HANDLERS) };
        return NDIS_STATUS_SUCCESS;
      case NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS:
        if (refuse("NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS")) return NDIS_STATUS_FAILURE;
        target.cm = { ...(OptionalHandlers as NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS) };
        return NDIS_STATUS_SUCCESS;
      case NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS:
        if (isProtocol || refuse("NDIS_MINIPORT_CO_CHARACTERISTICS")) return NDIS_STATUS_FAILURE;
        target.co = { ...(OptionalHandlers as NDIS_MINIPORT_CO_CHARACTERISTICS) };
        return NDIS_STATUS_SUCCESS;
      default:
        host.contract(
          "bad-parameter",
          `${ddi}: Header.Type ${String(type)} is not a structure this driver can register`,
          { ddi },
        );
        return NDIS_STATUS_NOT_SUPPORTED;
    }
  });
}

/**
 * NdisDeregisterProtocolDriver: from the driver's unload routine, once NDIS has unbound it
 * everywhere (the host unbinds before it calls DriverUnload).
 */
export function NdisDeregisterProtocolDriver(NdisProtocolHandle: NdisHandle<"Protocol">): void {
  const host = hostForDdi("NdisDeregisterProtocolDriver", NdisProtocolHandle);
  const ddi = "NdisDeregisterProtocolDriver";
  host.ddi(ddi, { NdisProtocolHandle }, () => {
    const record = host.resolve<ProtocolRecord>(NdisProtocolHandle, "Protocol", ddi);
    if (record === undefined) return;
    if (record.bindings.size > 0) {
      host.contract(
        "wrong-state",
        `${ddi}: protocol "${record.characteristics.Name}" still has ${record.bindings.size} binding(s)`,
        { ddi },
      );
    }
    record.state = "Deregistered";
    host.revoke(record.handle);
  });
}

/**
 * NdisMRegisterMiniportDriver: registers the miniport of the driver whose DriverEntry runs now
 * and calls its MiniportSetOptions inside the call.
 */
export function NdisMRegisterMiniportDriver(
  DriverObject: unknown,
  RegistryPath: string,
  MiniportDriverContext: NDIS_HANDLE,
  MiniportDriverCharacteristics: NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
): { status: NDIS_STATUS; NdisMiniportDriverHandle: NdisHandle<"MiniportDriver"> | null } {
  const frame = currentFrame();
  if (frame === undefined) return { status: NDIS_STATUS_FAILURE, NdisMiniportDriverHandle: null };
  const host: Host = frame.host;
  const ddi = "NdisMRegisterMiniportDriver";
  return host.ddi(
    ddi,
    { RegistryPath, MiniportDriverContext, MiniportDriverCharacteristics },
    () => {
      const fail = (status: NDIS_STATUS, why: string) => {
        host.contract(
          status === NDIS_STATUS_BAD_CHARACTERISTICS ? "missing-handler" : "bad-parameter",
          `${ddi}: ${why}`,
          { ddi },
        );
        return { status, NdisMiniportDriverHandle: null };
      };
      const driver = frame.driver;
      if (driver === null || driver.state !== "Loading" || driver.DriverObject !== DriverObject) {
        return fail(
          NDIS_STATUS_FAILURE,
          "only a driver's DriverEntry may register, with its own DriverObject",
        );
      }
      if (driver.protocol !== undefined || driver.miniport !== undefined)
        return fail(NDIS_STATUS_FAILURE, `driver "${driver.name}" already registered`);
      const chars = MiniportDriverCharacteristics;
      const bad = characteristicsFault(
        chars,
        "NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS",
        REQUIRED_FIELDS.NDIS_MINIPORT_DRIVER_CHARACTERISTICS,
      );
      if (bad !== undefined) return fail(bad.status, bad.why);
      const record: MiniportDriverRecord = {
        driver,
        handle: undefined as unknown as NdisHandle<"MiniportDriver">,
        characteristics: { ...chars },
        MiniportDriverContext,
        co: undefined,
        cm: undefined,
        state: "SettingOptions",
        adapters: new Set(),
      };
      (record as { handle: NdisHandle<"MiniportDriver"> }).handle = host.issue("MiniportDriver", record);
      driver.miniport = record;
      const undo = (status: NDIS_STATUS) => {
        host.revoke(record.handle);
        driver.miniport = undefined;
        return { status, NdisMiniportDriverHandle: null };
      };
      if (chars.SetOptionsHandler !== undefined) {
        const setOptions = chars.SetOptionsHandler;
        const status = host.callHandler(
          driver,
          "MiniportSetOptions",
          { NdisDriverHandle: record.handle },
          () => setOptions(record.handle, MiniportDriverContext),
        );
        if (status !== NDIS_STATUS_SUCCESS) return undo(status);
      }
      if (record.co === undefined) {
        fail(
          NDIS_STATUS_BAD_CHARACTERISTICS,
          "a CoNDIS miniport must register NDIS_MINIPORT_CO_CHARACTERISTICS in MiniportSetOptions",
        );
        return undo(NDIS_STATUS_BAD_CHARACTERISTICS);
      }
      if (
        record.cm === undefined &&
        (record.co.CoCreateVcHandler === null || record.co.CoDeleteVcHandler === null)
      ) {
        fail(
          NDIS_STATUS_BAD_CHARACTERISTICS,
          "CoCreateVcHandler and CoDeleteVcHandler may be NULL only for an MCM",
        );
        return undo(NDIS_STATUS_BAD_CHARACTERISTICS);
      }
      record.state = "Registered";
      return { status: NDIS_STATUS_SUCCESS, NdisMiniportDriverHandle: record.handle };
    },
    (r) => r.status,
  );
}

/** NdisMDeregisterMiniportDriver: from MiniportDriverUnload, after every adapter halted. */
export function NdisMDeregisterMiniportDriver(NdisMiniportDriverHandle: NdisHandle<"MiniportDriver">): void {
  const host = hostForDdi("NdisMDeregisterMiniportDriver", NdisMiniportDriverHandle);
  const ddi = "NdisMDeregisterMiniportDriver";
  host.ddi(ddi, { NdisMiniportDriverHandle }, () => {
    const record = host.resolve<MiniportDriverRecord>(NdisMiniportDriverHandle, "MiniportDriver", ddi);
    if (record === undefined) return;
    if (record.adapters.size > 0)
      host.contract("wrong-state", `${ddi}: ${record.adapters.size} adapter(s) not halted`, { ddi });
    record.state = "Deregistered";
    host.revoke(record.handle);
  });
}
