/** Handle and lifetime rules: dead, invalid and foreign handles, and handles used by the wrong driver. */
import { ddiDescriptor, implementedDdis } from "../annotations.ts";
import { defineRule, type Rule } from "../rule.ts";
import { completionFault, handleFault, roleFault, sapHandleReused } from "./match.ts";

/**
 * DDIs that take no NDIS handle or spin lock (they find their host through the running driver,
 * and report a bad block or NBL under the memory and NBL rules). A spin lock is checked like a
 * handle: one NdisAllocateSpinLock did not return is invalid, one freed is used after free.
 */
const HANDLE_LESS = new Set([
  "NdisRegisterProtocolDriver",
  "NdisMRegisterMiniportDriver",
  "NdisAllocateSpinLock",
  "NdisFreeMemory",
  "NdisFreeNetBufferList",
]);

/** Protocol and miniport DDIs on which the core checks that the caller owns the object. */
const CALLER_CHECKED_DATA = [
  "NdisCoCreateVc",
  "NdisCoSendNetBufferLists",
  "NdisMCoIndicateReceiveNetBufferLists",
  "NdisCoOidRequestComplete",
  "NdisMCoOidRequestComplete",
];

const withHandles = () => implementedDdis().filter((d) => !HANDLE_LESS.has(d));
const ownerChecked = () =>
  implementedDdis().filter((d) => {
    const caller = ddiDescriptor(d)?.caller;
    return (
      ((caller === "client" || caller === "call-manager" || caller === "mcm") &&
        !d.includes("RegisterAddressFamily")) ||
      CALLER_CHECKED_DATA.includes(d)
    );
  });

/** The handle rules. */
export const HANDLE_RULES: readonly Rule[] = [
  defineRule({
    id: "CONDIS-HDL-001",
    name: "Sap_HandleDeadAfterDeregister",
    statement:
      "A client never uses a SAP handle again once it passed it to NdisClDeregisterSap (unless the deregistration failed).",
    category: "handles",
    level: "must",
    reference: "docs/semantics.md Q4",
    covers: { ddis: ["NdisClDeregisterSap"], handlers: ["ProtocolClDeregisterSapComplete"] },
    monitor: { contract: (c, site) => sapHandleReused(c, site) },
  }),
  defineRule({
    id: "CONDIS-HDL-002",
    name: "Handle_NotUsedAfterFree",
    statement: "No driver uses a handle after NDIS freed the object it names.",
    category: "handles",
    level: "must",
    reference: "docs/semantics.md 'Misuse of the DDI'",
    covers: { ddis: withHandles(), handlers: [] },
    monitor: {
      contract: (c, site) =>
        handleFault(c) === "stale" && !sapHandleReused(c, site) && completionFault(c, site) !== "double",
    },
  }),
  defineRule({
    id: "CONDIS-HDL-003",
    name: "Handle_Valid",
    statement:
      "Every handle passed to NDIS is one NDIS issued on this host, of the kind the DDI takes (never NULL, forged or foreign).",
    category: "handles",
    level: "must",
    reference: "docs/semantics.md 'Misuse of the DDI'",
    covers: { ddis: withHandles(), handlers: [] },
    monitor: {
      contract: (c) => {
        const fault = handleFault(c);
        return fault !== undefined && fault !== "stale";
      },
    },
  }),
  defineRule({
    id: "CONDIS-HDL-004",
    name: "Handle_OwnerOnly",
    statement:
      "A driver acts only on objects that are its own: completions come from the object's call manager, client calls from its client.",
    category: "handles",
    level: "must",
    reference: "docs/semantics.md Q14",
    covers: { ddis: ownerChecked(), handlers: [] },
    monitor: { contract: (c, site) => c.code === "wrong-caller" && !roleFault(c, site) },
  }),
];
