/**
 * Your first CoNDIS client (docs/guide.md): it binds to the ATM adapter, opens the UNI address
 * family when the call manager offers it, registers a SAP, accepts a call on it, deregisters the
 * SAP while the call is up, and answers the close. Host A's reference dialer calls it. The
 * verifier watches every DDI call. Run: npx tsx examples/first-client.ts
 */
import {
  CO_ADDRESS_FAMILY,
  type DRIVER_INITIALIZE,
  NDIS_MEDIUM,
  NDIS_OBJECT_TYPE,
  NDIS_OPEN_PARAMETERS_REVISION_1,
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
  type NDIS_STATUS,
  NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS,
  NdisClCloseAddressFamily,
  NdisClCloseCall,
  NdisClDeregisterSap,
  NdisClOpenAddressFamilyEx,
  NdisCloseAdapterEx,
  NdisClRegisterSap,
  NdisDeregisterProtocolDriver,
  type NdisHandle,
  NdisOpenAdapterEx,
  NdisRegisterProtocolDriver,
  NdisSetOptionalHandlers,
  ndisStatusName,
} from "condis";
import { anyBhli, anyBlli, Dialer, encodeAtmSap } from "condis/drivers";
import { clientStubs, protocolCoStubs } from "condis/testing";
import { createWorld } from "condis/world";

/** What the client knows; NDIS hands it back as the context of each handler. */
const me = {
  protocol: null as NdisHandle<"Protocol"> | null,
  binding: null as NdisHandle<"Binding"> | null,
  af: null as NdisHandle<"Af"> | null,
  sap: null as NdisHandle<"Sap"> | null,
  vc: null as NdisHandle<"Vc"> | null,
  log: [] as string[],
};
const note = (line: string) => me.log.push(line);

/** The SAP: ESI 00:20:48:0b:0b:0b, selector 1; the call manager fills in the network prefix. */
const ESI = [0x00, 0x20, 0x48, 0x0b, 0x0b, 0x0b];
function mySap() {
  const address = new Uint8Array(20);
  address.set(ESI, 13);
  address[19] = 0x01;
  return encodeAtmSap({
    Blli: anyBlli(),
    Bhli: anyBhli(),
    Addresses: [{ AddressType: 0, NumberOfDigits: 20, Address: address }],
  });
}

function afOpened(status: NDIS_STATUS, handle: NdisHandle<"Af"> | null): void {
  note(`address family open: ${ndisStatusName(status)}`);
  if (status !== NDIS_STATUS_SUCCESS || handle === null) return;
  me.af = handle;
  const r = NdisClRegisterSap(handle, me, mySap());
  if (r.status !== NDIS_STATUS_PENDING) sapRegistered(r.status, r.NdisSapHandle);
}

function sapRegistered(status: NDIS_STATUS, handle: NdisHandle<"Sap"> | null): void {
  note(`SAP registered: ${ndisStatusName(status)}`);
  if (status === NDIS_STATUS_SUCCESS) me.sap = handle;
}

/** The client's DriverEntry: a CoNDIS protocol driver with the client's optional handlers. */
const DriverEntry: DRIVER_INITIALIZE = (DriverObject) => {
  const r = NdisRegisterProtocolDriver(me, {
    Header: {
      Type: NDIS_OBJECT_TYPE.NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
      Revision: NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
    },
    MajorNdisVersion: 6,
    MinorNdisVersion: 0,
    Name: "MYCLIENT",
    SetOptionsHandler: (NdisDriverHandle) => {
      const co = NdisSetOptionalHandlers(
        NdisDriverHandle,
        protocolCoStubs({
          // The call manager offers its address family: open it.
          CoAfRegisterNotifyHandler: (_ctx, AddressFamily) => {
            if (
              AddressFamily.AddressFamily !== CO_ADDRESS_FAMILY.CO_ADDRESS_FAMILY_Q2931 ||
              me.binding === null
            )
              return;
            const open = NdisClOpenAddressFamilyEx(me.binding, { ...AddressFamily }, me);
            if (open.status !== NDIS_STATUS_PENDING) afOpened(open.status, open.NdisAfHandle);
          },
        }),
      );
      if (co !== NDIS_STATUS_SUCCESS) return co;
      return NdisSetOptionalHandlers(
        NdisDriverHandle,
        clientStubs({
          ClOpenAfCompleteHandlerEx: (_ctx, NdisAfHandle, Status) => afOpened(Status, NdisAfHandle),
          ClRegisterSapCompleteHandler: (Status, _ctx, _sap, NdisSapHandle) =>
            sapRegistered(Status, NdisSapHandle),
          ClDeregisterSapCompleteHandler: (Status) => note(`SAP deregistered: ${ndisStatusName(Status)}`),
          // An incoming call: the call manager creates its VC first, then offers the call.
          ClCreateVcHandler: (_ctx, NdisVcHandle) => {
            me.vc = NdisVcHandle;
            return { status: NDIS_STATUS_SUCCESS, ProtocolVcContext: me };
          },
          ClIncomingCallHandler: () => {
            note("incoming call: accepted");
            return NDIS_STATUS_SUCCESS;
          },
          ClCallConnectedHandler: () => note("call connected"),
          ClIncomingCloseCallHandler: (CloseStatus) => {
            note(`the caller closes the call (${ndisStatusName(CloseStatus)})`);
            if (me.vc !== null) NdisClCloseCall(me.vc, null, null, 0);
          },
          ClCloseCallCompleteHandler: (Status) => note(`call closed: ${ndisStatusName(Status)}`),
          ClDeleteVcHandler: () => {
            me.vc = null;
            return NDIS_STATUS_SUCCESS;
          },
          ClCloseAfCompleteHandler: (Status) => note(`address family closed: ${ndisStatusName(Status)}`),
        }),
      );
    },
    BindAdapterHandlerEx: (_ctx, BindContext, BindParameters) => {
      const open = NdisOpenAdapterEx(
        me.protocol as NdisHandle<"Protocol">,
        me,
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
      me.binding = open.NdisBindingHandle;
      return open.status;
    },
    // By the time the adapter goes, the address family is closed: close the binding.
    UnbindAdapterHandlerEx: () =>
      me.binding === null ? NDIS_STATUS_SUCCESS : NdisCloseAdapterEx(me.binding),
    OpenAdapterCompleteHandlerEx: () => {},
    CloseAdapterCompleteHandlerEx: () => {},
    NetPnPEventHandler: () => NDIS_STATUS_SUCCESS,
  });
  me.protocol = r.NdisProtocolHandle;
  DriverObject.DriverUnload = () => {
    if (me.protocol !== null) NdisDeregisterProtocolDriver(me.protocol);
  };
  return r.status;
};

// The world: the switch, host A (the reference dialer) and host B (our client), strict verifier.
const world = createWorld({ hosts: ["A", "B"], verifier: "strict" });
const dialer = new Dialer();
world.host("A").load(dialer.name, dialer.DriverEntry);
world.host("B").load("MYCLIENT", DriverEntry);
world.run(30);

// A calls B's SAP: B's network prefix (learnt over ILMI), our ESI and selector.
const address = Uint8Array.from([...world.host("B").prefix, ...ESI, 0x01]);
const call = world.host("A").host.runAs(dialer.name, () => dialer.dial(address, 0, 64, { hold: true }));
world.run(10);
console.log(`A's call: ${call.state}`);

// The heart of it: deregister the SAP while the call is up. The call stays.
world.host("B").host.runAs("MYCLIENT", () => {
  const status = NdisClDeregisterSap(me.sap as NdisHandle<"Sap">);
  note(`NdisClDeregisterSap: ${ndisStatusName(status)}`);
});
world.run(10);
console.log(`A's call after B deregistered its SAP: ${call.state}`);

// A hangs up; then our client closes its address family, and the world is torn down.
world.host("A").host.runAs(dialer.name, () => dialer.hangUp(call));
world.run(10);
world.host("B").host.runAs("MYCLIENT", () => {
  const status = NdisClCloseAddressFamily(me.af as NdisHandle<"Af">);
  if (status !== NDIS_STATUS_PENDING) note(`address family closed: ${ndisStatusName(status)}`);
});
world.run(10);
const down = world.teardown();

for (const line of me.log) console.log(`B: ${line}`);
console.log(`teardown: ${down.clean ? "clean" : "NOT clean"}; leaks: ${JSON.stringify(down.leaks)}`);
process.stdout.write(world.report());
process.exitCode = down.clean ? 0 : 1;
