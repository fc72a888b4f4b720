import { describe, expect, it } from "vitest";
import { DDIS, HANDLERS, type IrqlRequirement } from "../../src/ndis/index.ts";
import {
  type CatalogueEntry,
  GENERAL_RULES,
  RULES,
  renderRules,
  SPECIFIC_RULES,
} from "../../src/verifier/index.ts";
import { FIXTURES } from "../support/buggy-drivers/fixtures.ts";

/** The catalogue's ids and names are stable: a change here is a deliberate, reviewed one. */
const PINNED = [
  "CONDIS-IRQL-001 Irql_CallManager_Function",
  "CONDIS-IRQL-002 Irql_MCM_Function",
  "CONDIS-IRQL-003 Irql_Protocol_Driver_Function",
  "CONDIS-IRQL-004 Irql_Miniport_Driver_Function",
  "CONDIS-IRQL-005 Irql_Miscellaneous_Function",
  "CONDIS-IRQL-006 Irql_Connection_Function",
  "CONDIS-IRQL-007 Irql_MCO_Function",
  "CONDIS-IRQL-008 Irql_Synch_Function",
  "CONDIS-IRQL-009 Irql_Timer_Function",
  "CONDIS-IRQL-010 Irql_NetBuffer_Function",
  "CONDIS-IRQL-011 Irql_SendRcv_Function",
  "CONDIS-LOCK-001 SpinLock",
  "CONDIS-LOCK-002 SpinLockRelease",
  "CONDIS-LOCK-003 SpinLockDpr",
  "CONDIS-LOCK-004 SpinLockDprRelease",
  "CONDIS-LOCK-005 SpinLockBalanced",
  "CONDIS-LOCK-006 SpinLockFree",
  "CONDIS-CMP-001 Completion_ExactlyOnce",
  "CONDIS-CMP-002 Completion_OnlyAfterPending",
  "CONDIS-CMP-003 Completion_StatusNotPending",
  "CONDIS-CMP-004 Completion_MatchesRequest",
  "CONDIS-CMP-005 DeregisterSapComplete_Success",
  "CONDIS-CMP-006 CloseAfComplete_Success",
  "CONDIS-CMP-007 CmCloseAf_DocumentedStatus",
  "CONDIS-SAP-001 Sap_DeregisterAfterRegistration",
  "CONDIS-SAP-002 Sap_CmDeregisterSucceeds",
  "CONDIS-SAP-003 Sap_CallMgrSapContextAgrees",
  "CONDIS-SAP-004 Sap_RegisterOnOpenAf",
  "CONDIS-AF-001 Af_CloseWithoutSaps",
  "CONDIS-AF-002 Af_ClosedBeforeBindingCloses",
  "CONDIS-AF-003 Af_NotifyCloseBeforeUnbind",
  "CONDIS-AF-004 Af_CloseOnce",
  "CONDIS-AF-005 Af_NotifyCloseOnce",
  "CONDIS-AF-006 Af_OneCallManagerPerAdapter",
  "CONDIS-AF-007 Af_CloseWithoutVcs",
  "CONDIS-HDL-001 Sap_HandleDeadAfterDeregister",
  "CONDIS-HDL-002 Handle_NotUsedAfterFree",
  "CONDIS-HDL-003 Handle_Valid",
  "CONDIS-HDL-004 Handle_OwnerOnly",
  "CONDIS-BND-001 Unbind_ClosesBinding",
  "CONDIS-BND-002 CloseAdapter_InUnbind",
  "CONDIS-BND-003 Bind_StatusMatchesBinding",
  "CONDIS-BND-004 OpenAdapter_InBind",
  "CONDIS-REG-001 SetOptionalHandlers_InSetOptions",
  "CONDIS-REG-002 Deregister_AfterUnbind",
  "CONDIS-REG-003 Register_FromDriverEntry",
  "CONDIS-MP-001 MiniportInitialize_SetsAttributes",
  "CONDIS-MP-002 SetMiniportAttributes_InInitialize",
  "CONDIS-VC-001 Vc_DeleteByCreator",
  "CONDIS-VC-002 Vc_DeleteAfterDeactivate",
  "CONDIS-VC-003 CreateDeleteVc_NeverPending",
  "CONDIS-VC-004 DeactivateVc_AfterSendsComplete",
  "CONDIS-VC-005 IndicateReceive_OnActiveVc",
  "CONDIS-VC-006 Send_OnActiveVc",
  "CONDIS-VC-007 CreateVc_OnOpenAf",
  "CONDIS-VC-008 Vc_DeleteAfterCloseCall",
  "CONDIS-CALL-001 MakeCall_OnClientVc",
  "CONDIS-CALL-002 MakeCallComplete_AfterActivation",
  "CONDIS-CALL-003 Call_OneOperationAtATime",
  "CONDIS-CALL-004 CloseCall_OnlyOnCall",
  "CONDIS-CALL-005 CloseCall_AfterSendsComplete",
  "CONDIS-CALL-006 CloseCallComplete_AfterDeactivate",
  "CONDIS-CALL-007 DispatchIncomingCall_SapNotDeregistering",
  "CONDIS-CALL-008 DispatchIncomingCall_VcOfSapAf",
  "CONDIS-CALL-009 DispatchIncomingCall_OnVcWithoutCall",
  "CONDIS-CALL-010 CallConnected_AfterAccept",
  "CONDIS-CALL-011 IncomingCloseCall_OnEstablishedCall",
  "CONDIS-PTY-001 AddParty_OnMultipointCall",
  "CONDIS-PTY-002 DropParty_NotLastParty",
  "CONDIS-PTY-003 DropParty_OnActiveParty",
  "CONDIS-PTY-004 CloseCall_LastPartyOnly",
  "CONDIS-PTY-005 IncomingDropParty_NotLastParty",
  "CONDIS-QOS-001 ModifyCallQoS_OnConnectedCall",
  "CONDIS-QOS-002 IncomingCallQoSChange_OnConnectedCall",
  "CONDIS-NBL-001 SendNetBufferListsComplete_Once",
  "CONDIS-NBL-002 ReturnNetBufferLists_OnlyIndicated",
  "CONDIS-NBL-003 SendNetBufferLists_OnlyHeld",
  "CONDIS-NBL-004 IndicateReceive_OnlyHeld",
  "CONDIS-NBL-005 FreeNetBufferList_OnlyHeld",
  "CONDIS-NBL-006 NetBufferListPool_FreedEmpty",
  "CONDIS-NBL-007 SendNetBufferLists_SourceHandle",
  "CONDIS-MEM-001 Sap_AreaFreedAtDeregistration",
  "CONDIS-MEM-002 Memory_FreedAtUnload",
  "CONDIS-MEM-003 Memory_NoDoubleFree",
  "CONDIS-MEM-004 Memory_FreeOnlyAllocated",
  "CONDIS-ROLE-001 Cm_StandAloneForms",
  "CONDIS-ROLE-002 Mcm_MiniportForms",
  "CONDIS-ROLE-003 Characteristics_RequiredHandlers",
  "CONDIS-ROLE-004 Role_RegisteredBeforeUse",
  "CONDIS-ROLE-005 Mcm_NoCoSendNetBufferLists",
  "CONDIS-ROLE-006 CallManager_SignalingVcOnly",
  "CONDIS-PRM-001 Parameter_WellFormed",
  "CONDIS-DRV-001 Handler_Returns",
  "CONDIS-LIVE-001 Pended_CompletedAtQuiescence",
  "CONDIS-LIVE-002 NetBufferLists_BackAtQuiescence",
  "CONDIS-GEN-001 NdisContract_Unclassified",
  "CONDIS-GEN-002 NdisSemantics_Unclassified",
];

describe("rule catalogue", () => {
  it("has 95 specific rules with stable, unique ids and names", () => {
    expect(SPECIFIC_RULES.length).toBe(95);
    expect(RULES.map((r) => `${r.id} ${r.name}`)).toEqual(PINNED);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.id).toMatch(/^CONDIS-[A-Z]+-\d{3}$/);
  });

  it("states each rule in one line and names where it is written down", () => {
    for (const r of RULES) {
      expect(r.statement).not.toContain("\n");
      expect(r.statement).toMatch(/^[A-Z].*\.$/);
      expect(r.reference.length).toBeGreaterThan(0);
      expect(r.severity).toBe(r.level === "must" ? "error" : "warning");
    }
  });

  it("covers only DDIs and handlers the annotations describe and the model implements", () => {
    const ndis = (name: string) => name in DDIS;
    for (const r of SPECIFIC_RULES) {
      expect(r.covers.ddis.length + r.covers.handlers.length).toBeGreaterThan(0);
      for (const d of r.covers.ddis) expect(ndis(d), `${r.id} covers ${d}`).toBe(true);
      for (const h of r.covers.handlers) expect(h in HANDLERS, `${r.id} covers ${h}`).toBe(true);
    }
  });

  it("reads IRQL coverage and completion DDIs from the role-type annotations", () => {
    const irql = RULES.filter((r) => r.category === "irql");
    for (const r of irql) {
      expect(r.sdvRule).toBe(r.name);
      for (const d of r.covers.ddis) expect((DDIS as Record<string, { rule: string }>)[d]?.rule).toBe(r.name);
    }
    const cm = RULES.find((r) => r.id === "CONDIS-IRQL-001")!;
    expect(cm.covers.ddis).toEqual(
      expect.arrayContaining([
        "NdisCmRegisterAddressFamilyEx",
        "NdisCmDeregisterSapComplete",
        "NdisCmNotifyCloseAddressFamily",
      ]),
    );
    const dereg = RULES.find((r) => r.id === "CONDIS-CMP-005")!;
    expect(dereg.covers.ddis).toEqual([...(HANDLERS.ProtocolCmDeregisterSap.completedBy ?? [])]);
  });

  it("puts call, party and QoS requests under the completion and liveness rules, with their completion DDIs", () => {
    const handlers = [
      "ProtocolCmMakeCall",
      "ProtocolCmCloseCall",
      "ProtocolClIncomingCall",
      "ProtocolCmAddParty",
      "ProtocolCmDropParty",
      "ProtocolCmModifyCallQoS",
    ] as const;
    const completions = handlers.flatMap((h) => [...(HANDLERS[h].completedBy ?? [])]);
    expect(completions).toEqual([
      "NdisCmMakeCallComplete",
      "NdisMCmMakeCallComplete",
      "NdisCmCloseCallComplete",
      "NdisMCmCloseCallComplete",
      "NdisClIncomingCallComplete",
      "NdisCmAddPartyComplete",
      "NdisMCmAddPartyComplete",
      "NdisCmDropPartyComplete",
      "NdisMCmDropPartyComplete",
      "NdisCmModifyCallQoSComplete",
      "NdisMCmModifyCallQoSComplete",
    ]);
    for (const id of [
      "CONDIS-CMP-001",
      "CONDIS-CMP-002",
      "CONDIS-CMP-003",
      "CONDIS-CMP-004",
      "CONDIS-LIVE-001",
    ]) {
      const r = RULES.find((x) => x.id === id)!;
      expect(r.covers.handlers, id).toEqual(expect.arrayContaining([...handlers]));
      expect(r.covers.ddis, id).toEqual(expect.arrayContaining(completions));
    }
  });

  it("checks every DDI of DDIS with exactly one IRQL rule of `condis rules --json`, named as its page names it", () => {
    const entries = JSON.parse(renderRules({ json: true })) as CatalogueEntry[];
    const irql = entries.filter((e) => e.category === "irql");
    for (const [ddi, descriptor] of Object.entries(DDIS)) {
      const checking = irql.filter((e) => e.ddis.includes(ddi)).map((e) => e.name);
      expect(checking, ddi).toEqual([descriptor.rule]);
    }
    // Every rule a descriptor names is a rule of the catalogue.
    const names = new Set(RULES.map((r) => r.name));
    for (const descriptor of Object.values(DDIS))
      expect(names.has(descriptor.rule), descriptor.rule).toBe(true);
  });

  it("carries the IRQL and compliance rule each DDI page states", () => {
    const pick = (name: keyof typeof DDIS) => [DDIS[name].irql, DDIS[name].rule];
    expect(pick("NdisAllocateTimerObject")).toEqual(["<=DISPATCH", "Irql_Timer_Function"]);
    expect(pick("NdisFreeTimerObject")).toEqual(["<=DISPATCH", "Irql_Timer_Function"]);
    expect(pick("NdisCancelTimerObject")).toEqual(["<=DISPATCH", "Irql_Timer_Function"]);
    expect(pick("NdisAcquireSpinLock")).toEqual(["<=DISPATCH", "Irql_Synch_Function"]);
    expect(pick("NdisReleaseSpinLock")).toEqual(["DISPATCH", "Irql_Synch_Function"]);
    expect(pick("NdisDprAcquireSpinLock")).toEqual(["DISPATCH", "Irql_Synch_Function"]);
    expect(pick("NdisDprReleaseSpinLock")).toEqual(["DISPATCH", "Irql_Synch_Function"]);
    expect(pick("NdisAllocateNetBufferListPool")).toEqual(["<=DISPATCH", "Irql_NetBuffer_Function"]);
    expect(pick("NdisCoCreateVc")).toEqual(["<=DISPATCH", "Irql_Connection_Function"]);
    expect(pick("NdisMCoActivateVcComplete")).toEqual(["<=DISPATCH", "Irql_MCO_Function"]);
  });

  it("has at least one buggy-driver fixture for every specific rule that a call can break, and none for a rule it lacks", () => {
    const fixtured = new Set(FIXTURES.map((f) => f.rule));
    // An IRQL rule whose DDIs all allow every IRQL a driver runs at (PASSIVE_LEVEL and
    // DISPATCH_LEVEL) cannot be broken in the model: it is catalogued, with no fixture.
    const unbreakable = (r: (typeof SPECIFIC_RULES)[number]) =>
      r.category === "irql" &&
      r.covers.ddis.every((d) => {
        const req = (DDIS as Record<string, { irql: IrqlRequirement }>)[d]!.irql;
        return req === "<=DISPATCH" || req === "ANY";
      }) &&
      !fixtured.has(r.id);
    const skipped = SPECIFIC_RULES.filter(unbreakable).map((r) => r.name);
    expect(skipped).toEqual([
      "Irql_Connection_Function",
      "Irql_MCO_Function",
      "Irql_NetBuffer_Function",
      "Irql_SendRcv_Function",
    ]);
    for (const r of SPECIFIC_RULES.filter((x) => !unbreakable(x)))
      expect(fixtured.has(r.id), `fixture for ${r.id}`).toBe(true);
    for (const id of fixtured) expect(SPECIFIC_RULES.some((r) => r.id === id)).toBe(true);
    for (const r of GENERAL_RULES) expect(fixtured.has(r.id)).toBe(false);
  });
});
