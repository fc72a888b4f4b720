/**
 * A deliberately buggy call manager and what the verifier says about it (docs/guide.md). Its
 * ProtocolCmDeregisterSap returns NDIS_STATUS_PENDING, and then it either completes the
 * deregistration twice (`double`) or never (`never`). The reference SAP client registers and
 * deregisters one SAP on it. Run: npx tsx examples/buggy-call-manager.ts double|never
 */
import {
  CO_ADDRESS_FAMILY,
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_OPEN_PARAMETERS_REVISION_1,
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisCloseAdapterEx,
  NdisCmDeregisterSapComplete,
  NdisCmRegisterAddressFamilyEx,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
} from "condis";
import { anyBhli, anyBlli, encodeAtmSap, SapClient } from "condis/drivers";
import { callManagerStubs, protocolCoStubs } from "condis/testing";
import { createWorld } from "condis/world";

const bug = process.argv[2];
if (bug !== "double" && bug !== "never") {
  console.error("usage: buggy-call-manager.ts double|never");
  process.exit(2);
}

const cm = {
  protocol: null as NdisHandle<"Protocol"> | null,
  binding: null as NdisHandle<"Binding"> | null,
  /** The SAP being deregistered, once ProtocolCmDeregisterSap pended. */
  pendingSap: null as NdisHandle<"Sap"> | null,
};

const DriverEntry: DRIVER_INITIALIZE = () => {
  const r = NdisRegisterProtocolDriver(cm, {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
      Revision: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
    },
    MajorNdisVersion: 6,
    MinorNdisVersion: 0,
    Name: "BUGGYCM",
    SetOptionsHandler: (h) => {
      const co = NdisSetOptionalHandlers(h, protocolCoStubs());
      if (co !== NDIS_STATUS_SUCCESS) return co;
      return NdisSetOptionalHandlers(
        h,
        callManagerStubs({
          CmOpenAfHandler: () => ({ status: NDIS_STATUS_SUCCESS, CallMgrAfContext: cm }),
          CmCloseAfHandler: () => NDIS_STATUS_SUCCESS,
          CmRegisterSapHandler: (_af, _sap, NdisSapHandle) => ({
            status: NDIS_STATUS_SUCCESS,
            CallMgrSapContext: NdisSapHandle,
          }),
          // The bug's first half: PENDING promises exactly one NdisCmDeregisterSapComplete.
          CmDeregisterSapHandler: (CallMgrSapContext) => {
            cm.pendingSap = CallMgrSapContext as NdisHandle<"Sap">;
            return NDIS_STATUS_PENDING;
          },
        }),
      );
    },
    BindAdapterHandlerEx: (_ctx, BindContext, BindParameters) => {
      const open = NdisOpenAdapterEx(
        cm.protocol as NdisHandle<"Protocol">,
        cm,
        {
          Header: {
            Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_OPEN_PARAMETERS,
            Revision: NDIS_OPEN_PARAMETERS_REVISION_1,
          },
          AdapterName: BindParameters.AdapterName,
          MediumArray: [NDIS_MEDIUM.NdisMediumAtm],
        },
        BindContext,
      );
      cm.binding = open.NdisBindingHandle;
      if (open.status !== NDIS_STATUS_SUCCESS || cm.binding === null) return open.status;
      return NdisCmRegisterAddressFamilyEx(cm.binding, {
        AddressFamily: CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931,
        MajorVersion: 3,
        MinorVersion: 1,
      });
    },
    UnbindAdapterHandlerEx: () =>
      cm.binding === null ? NDIS_STATUS_SUCCESS : NdisCloseAdapterEx(cm.binding),
    OpenAdapterCompleteHandlerEx: () => {},
    CloseAdapterCompleteHandlerEx: () => {},
    NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
  });
  cm.protocol = r.NdisProtocolHandle;
  return r.status;
};

// One host with the reference miniport and no call manager but ours; the reference SAP client.
const world = createWorld({ hosts: [{ name: "B", callManager: "none" }], verifier: "strict" });
const b = world.host("B");
b.load("BUGGYCM", DriverEntry);
const client = new SapClient();
b.load(client.name, client.DriverEntry);
world.run(1);

const address = new Uint8Array(20);
address.set([0x00, 0x20, 0x48, 0x0b, 0x0b, 0x0b], 13);
const sap = b.host.runAs(client.name, () =>
  client.registerSap(
    "echo",
    encodeAtmSap({
      Blli: anyBlli(),
      Bhli: anyBhli(),
      Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
    }),
  ),
);
world.run(1);
console.log(`SAP ${sap.state}`);
b.host.runAs(client.name, () => client.deregisterSap(sap));
world.run(1);

if (bug === "double") {
  // The bug's second half: two completions for one PENDING.
  b.host.runAs("BUGGYCM", () => {
    const handle = cm.pendingSap as NdisHandle<"Sap">;
    NdisCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, handle);
    NdisCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, handle);
  });
  world.run(1);
}
// "never": nothing completes it. Settledness says so while the world runs. The links stay live
// (the switch keeps calling for a signaling peer), so the scheduler never idles by itself: after
// a minute with the request still outstanding we declare the run over, and the verifier's
// liveness rules judge it.
const run = world.run(60);
console.log(
  `settled: ${run.settled}; outstanding: ${run.outstanding.map((r) => `${r.host} ${r.handler} (${r.object})`).join(", ") || "none"}`,
);
world.verifier?.checkQuiescence({ idle: true });
process.stdout.write(world.report());
