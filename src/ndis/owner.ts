import type { AnyNdisHandle } from "./handle.ts";
import type { Host } from "./host.ts";
import type {
  AdapterRecord,
  BindingRecord,
  DriverRecord,
  MiniportDriverRecord,
  ProtocolRecord,
} from "./objects.ts";

/** The driver a driver-side handle (protocol, miniport driver, adapter or binding) belongs to. */
export function ownerOfHandle(host: Host, handle: AnyNdisHandle, ddi: string): DriverRecord | undefined {
  switch (handle?.kind) {
    case "Protocol":
      return host.resolve<ProtocolRecord>(handle, "Protocol", ddi)?.driver;
    case "MiniportDriver":
      return host.resolve<MiniportDriverRecord>(handle, "MiniportDriver", ddi)?.driver;
    case "Miniport":
      return host.resolve<AdapterRecord>(handle, "Miniport", ddi)?.miniport.driver;
    case "Binding":
      return host.resolve<BindingRecord>(handle, "Binding", ddi)?.protocol.driver;
    default:
      host.contract("invalid-handle", `${ddi}: not a driver, adapter or binding handle`, { ddi });
      return undefined;
  }
}
