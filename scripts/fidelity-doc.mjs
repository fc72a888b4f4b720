// Writes docs/fidelity.md from the public sources it cites and the names the code defines, and
// throws when a value of the code differs from its header. Usage, from the repository root:
//   node scripts/fidelity-doc.mjs <mingw-w64 clone> <windows-driver-docs-ddi clone> <windows-driver-docs clone>
//   npx biome format --write docs/fidelity.md
// Each clone may be bare; the script reads HEAD with `git show`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [MINGW, DDI, DOCS] = process.argv.slice(2);
if (MINGW === undefined || DDI === undefined || DOCS === undefined) {
  throw new Error(
    "usage: node scripts/fidelity-doc.mjs <mingw-w64> <windows-driver-docs-ddi> <windows-driver-docs>",
  );
}
const WT = process.cwd();
const git = (repo, ...args) => execFileSync("git", ["-C", repo, ...args], { maxBuffer: 1 << 28 }).toString();
const show = (repo, file) => git(repo, "show", `HEAD:${file}`);
const head = (repo) => git(repo, "rev-parse", "HEAD").trim();
const HEADERS = {
  "ndis.h": "mingw-w64-headers/ddk/include/ddk/ndis.h",
  "atm.h": "mingw-w64-headers/ddk/include/ddk/atm.h",
  "ntddndis.h": "mingw-w64-headers/include/ntddndis.h",
  "netevent.h": "mingw-w64-headers/include/netevent.h",
  "ntstatus.h": "mingw-w64-headers/include/ntstatus.h",
};
const headerText = new Map(Object.entries(HEADERS).map(([name, file]) => [name, show(MINGW, file)]));
const ddiPage = (dir, file) => show(DDI, `wdk-ddi-src/content/${dir}/${file}`);
const NBL = new Set([
  "NdisAllocateNetBufferListPool",
  "NdisFreeNetBufferListPool",
  "NdisAllocateNetBufferAndNetBufferList",
  "NdisFreeNetBufferList",
]);
const defs = new Map();
for (const [f, t] of headerText) {
  for (const m of t.matchAll(/^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.+?)\s*(?:\/\/.*|\/\*.*)?$/gm))
    if (!defs.has(m[1])) defs.set(m[1], { raw: m[2].trim(), file: f });
}
function resolve(name, chain = []) {
  const d = defs.get(name);
  if (!d) return undefined;
  chain.push(`${d.file}: \`#define ${name} ${d.raw.replace(/\s+/g, " ")}\``);
  let r = d.raw
    .replace(/__MSABI_LONG/g, "")
    .replace(/\((NDIS_STATUS|NTSTATUS|ULONG|NDIS_AF)\)/g, "")
    .replace(/[()]/g, "")
    .trim();
  r = r.replace(/^0x([0-9a-f]+)[uUlL]*$/i, "0x$1");
  if (/^0x[0-9a-f]+$/i.test(r)) return { value: Number(r) >>> 0, chain };
  if (/^\d+[uUlL]*$/.test(r)) return { value: Number.parseInt(r, 10) >>> 0, chain };
  if (/^[A-Za-z_]\w*$/.test(r)) return resolve(r, chain);
  return undefined;
}
const hex = (v) => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
function objectOf(file, name) {
  const t = fs.readFileSync(path.join(WT, file), "utf8");
  const start = t.indexOf(`export const ${name} = {`);
  if (start < 0) throw new Error(`${name} not in ${file}`);
  const body = t.slice(start, t.indexOf("} as const", start));
  return [...body.matchAll(/\b([A-Za-z_]\w*)\s*:\s*(0x[0-9a-fA-F_]+|\d[\d_]*)/g)].map((m) => [
    m[1],
    Number(m[2].replace(/_/g, "")),
  ]);
}
const out = [];
const w = (s = "") => out.push(s);
function defineTable(file, name, caption) {
  w(`| ${caption} | Value | Header definition |`);
  w("| --- | --- | --- |");
  for (const [k, v] of objectOf(file, name)) {
    const r = resolve(k);
    if (r === undefined) throw new Error(`${k} not in headers`);
    if (r.value !== v >>> 0) throw new Error(`${k}: code ${hex(v)} header ${hex(r.value)}`);
    w(`| \`${k}\` | \`${hex(v)}\` | ${r.chain.join(" → ")} |`);
  }
  w();
}
function enumTable(file, name, header, enumName, note) {
  w(`\`${name}\` (\`${file}\`):`);
  w();
  w(`| Name | Value | Source |`);
  w("| --- | --- | --- |");
  const t = headerText.get(header) ?? "";
  const m = new RegExp(`typedef enum _${enumName}\\s*\\{([\\s\\S]*?)\\}`).exec(t);
  const members = m
    ? m[1]
        .replace(/#.*$/gm, "")
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => /^[A-Za-z_]/.test(s))
        .map((s) => s.split(/\s*=\s*/))
    : [];
  let next = 0;
  const values = new Map();
  for (const [n, v] of members) {
    const value = v === undefined ? next : Number(v);
    values.set(n, value);
    next = value + 1;
  }
  for (const [k, v] of objectOf(file, name)) {
    if (values.size > 0) {
      if (values.get(k) !== v) throw new Error(`${k}: code ${v} header ${values.get(k)}`);
      w(`| \`${k}\` | ${v} | ${header}: \`enum _${enumName}\`, position ${v}${note ? ` ${note}` : ""} |`);
    } else w(`| \`${k}\` | ${v} | ${note} |`);
  }
  w();
}
const page = (p) => `https://learn.microsoft.com/windows-hardware/drivers/ddi/${p}`;
const sdv = (label) =>
  label === "MemoryUsage"
    ? "https://learn.microsoft.com/windows-hardware/drivers/devtest/memory-usage-rule-set--ndis-"
    : `https://learn.microsoft.com/windows-hardware/drivers/devtest/ndis-${label.toLowerCase().replace(/_/g, "-")}`;
function front(t) {
  const irql = (/^req\.irql:[ \t]*(.*)$/m.exec(t)?.[1] ?? "").trim();
  const comp = (/^req\.ddi-compliance:[ \t]*(.*)$/m.exec(t)?.[1] ?? "").trim();
  return { irql: irql || "(not given)", comp: comp || "(none)" };
}

w("# Fidelity: where condis's names, values and rules come from");
w();
w("condis promises that a C driver author recognises every name, value and rule. This file says, for");
w("each constant, structure, DDI IRQL, role type and rule label condis defines, which public header or");
w("page it comes from, so that anyone can check it again. `scripts/fidelity-doc.mjs` writes it from");
w("the sources below (at the commits the table names) and stops on any value of the code that differs");
w("from its header. `test/fidelity/*.test.ts` pins every value against the header text, and");
w("`test/fidelity/fidelity-doc.test.ts` checks that the tables here still list what the code defines.");
w();
w("## Sources");
w();
w("| Source | Repository and path | Version read |");
w("| --- | --- | --- |");
w(`| ndis.h | mingw-w64/mingw-w64 \`mingw-w64-headers/ddk/include/ddk/ndis.h\` | ${head(MINGW)} |`);
w("| atm.h | mingw-w64/mingw-w64 `mingw-w64-headers/ddk/include/ddk/atm.h` | same |");
w("| ntddndis.h | mingw-w64/mingw-w64 `mingw-w64-headers/include/ntddndis.h` | same |");
w("| netevent.h | mingw-w64/mingw-w64 `mingw-w64-headers/include/netevent.h` | same |");
w("| ntstatus.h | mingw-w64/mingw-w64 `mingw-w64-headers/include/ntstatus.h` | same |");
w(
  "| qos.h, wdm.h | mingw-w64/mingw-w64 `mingw-w64-headers/include/qos.h`, `mingw-w64-headers/ddk/include/ddk/wdm.h` | same |",
);
w(
  `| DDI pages | MicrosoftDocs/windows-driver-docs-ddi \`wdk-ddi-src/content/ndis/*.md\`, \`…/nblapi/*.md\` (front matter \`req.irql\`, \`req.ddi-compliance\`; \`## -parameters\`, \`## -struct-fields\`) | ${head(DDI)} |`,
);
w(
  `| SDV rule pages | MicrosoftDocs/windows-driver-docs \`windows-driver-docs-pr/devtest/ndis-*.md\` | ${head(DOCS)} |`,
);
w("| ILMI MIB | ATM Forum ATM-FORUM-ADDR-REG and ATM-FORUM-TC-MIB (af-ilmi-0065.000) | — |");
w();
w("A page `wdk-ddi-src/content/ndis/nf-ndis-ndisclmakecall.md` is published as");
w(`${page("ndis/nf-ndis-ndisclmakecall")}; the tables give the published address.`);
w();
w("To recheck a value: find its `#define` (or its enumerator) in the header named in the row and follow");
w("the chain the row shows. To recheck an IRQL: open the page and read `req.irql` (and its Remarks");
w("where it says so).");
w();

w("## NDIS_STATUS");
w();
w("Every status in `src/ndis/status.ts`. Where ndis.h defines a status as an NTSTATUS, the chain");
w("continues into ntstatus.h.");
w();
defineTable("src/ndis/status.ts", "NDIS_STATUS", "Status");

w("## OIDs");
w();
w("`OID_GEN_CO` (`src/drivers/co-miniport/oids.ts`): ntddndis.h defines each `OID_GEN_CO_*` as its");
w("connectionless `OID_GEN_*` twin. The reference miniport answers `OID_GEN_CO_LINK_SPEED` with an");
w("`NDIS_CO_LINK_SPEED` (ntddndis.h: `ULONG Outbound; ULONG Inbound;`).");
w();
defineTable("src/drivers/co-miniport/oids.ts", "OID_GEN_CO", "OID");
w("`OID_CO` (`src/ndis/oid.ts`):");
w();
defineTable("src/ndis/oid.ts", "OID_CO", "OID");

w("## NDIS_ERROR_CODE");
w();
w("`src/ndis/system.ts`, for `NdisWriteErrorLogEntry`. ndis.h names netevent.h's event ids.");
w();
defineTable("src/ndis/system.ts", "NDIS_ERROR_CODE", "Error code");

w("## Other constants");
w();
w("### `#define`s");
w();
defineTable("src/ndis/types.ts", "NDIS_OBJECT_TYPE", "NDIS_OBJECT_TYPE");
defineTable("src/ndis/types.ts", "SAP_TYPE", "SAP_TYPE");
defineTable("src/ndis/call-parameters.ts", "CO_CALL_FLAGS", "CO_CALL_PARAMETERS.Flags");
defineTable("src/ndis/call-parameters.ts", "CO_MEDIA_FLAGS", "CO_MEDIA_PARAMETERS.Flags");
defineTable("src/drivers/atm-media.ts", "ATM_AAL_TYPE", "ATM_AAL_TYPE");
defineTable("src/drivers/atm-media.ts", "AAL5_MODE", "AAL5_PARAMETERS.Mode");
defineTable("src/drivers/atm-media.ts", "AAL5_SSCS", "AAL5_PARAMETERS.SSCSType");
defineTable("src/drivers/atm-media.ts", "ATM_SERVICE_CATEGORY", "ATM_FLOW_PARAMETERS.ServiceCategory");
defineTable("src/drivers/atm-sap.ts", "SAP_FIELD", "SAP marker");
defineTable("src/drivers/atm-sap.ts", "ATM_ADDRESSTYPE", "ATM_ADDRESSTYPE");
w("`CO_ADDRESS_FAMILY` (`src/ndis/types.ts`):");
w();
defineTable("src/ndis/types.ts", "CO_ADDRESS_FAMILY", "Address family");
w("Single constants: `ATM_MEDIA_SPECIFIC` = 1 (atm.h `#define ATM_MEDIA_SPECIFIC 1`),");
w("`CALLMGR_SPECIFIC_Q2931` = 1 (atm.h `#define CALLMGR_SPECIFIC_Q2931 1`).");
w();
w("### Enumerations");
w();
enumTable("src/ndis/types.ts", "NDIS_MEDIUM", "ntddndis.h", "NDIS_MEDIUM");
enumTable("src/ndis/oid.ts", "NDIS_REQUEST_TYPE", "ntddndis.h", "NDIS_REQUEST_TYPE");
enumTable("src/drivers/co-miniport/oids.ts", "NDIS_MEDIA_STATE", "ntddndis.h", "NDIS_MEDIA_STATE");
enumTable("src/ndis/types.ts", "NET_PNP_EVENT_CODE", "ndis.h", "NET_PNP_EVENT_CODE");
enumTable("src/drivers/uni-cm/atm-call-parameters.ts", "Q2931_IE_TYPE", "atm.h", "Q2931_IE_TYPE");
enumTable(
  "src/ndis/types.ts",
  "NDIS_HALT_ACTION",
  "—",
  "NDIS_HALT_ACTION",
  `not in mingw-w64's ndis.h; the order in which the [MINIPORT_HALT](${page("ndis/nc-ndis-miniport_halt")}) page lists the values`,
);
w("`EX_POOL_PRIORITY` (`src/ndis/types.ts`): wdm.h `enum _EX_POOL_PRIORITY` —");
w("`LowPoolPriority` (first, 0), `NormalPoolPriority = 16`, `HighPoolPriority = 32`.");
w();

w("## Structures");
w();
w("Each structure condis models, the header or page that declares it, and what condis carries. Byte");
w("layouts (where condis encodes a structure into a `Uint8Array`, as a C driver would see it) follow");
w("the C declaration with natural alignment, little-endian; `test/fidelity/atm-structures.test.ts`");
w("pins the offsets.");
w();
w("| Structure | Declared in | condis | Notes |");
w("| --- | --- | --- | --- |");
const struct = (name, where, ts, notes) => w(`| \`${name}\` | ${where} | \`${ts}\` | ${notes} |`);
const ns = (n) => `[page](${page(`ndis/ns-ndis-_${n.toLowerCase()}`)})`;
struct(
  "NDIS_OBJECT_HEADER",
  `ntddndis.h, [page](${page("objectheader/ns-objectheader-ndis_object_header")})`,
  "src/ndis/types.ts",
  "`Type`, `Revision`; `Size` accepted and ignored (no C layout to check it against).",
);
struct(
  "NDIS_PROTOCOL_DRIVER_CHARACTERISTICS",
  `ndis.h, ${ns("NDIS_PROTOCOL_DRIVER_CHARACTERISTICS")}`,
  "src/ndis/characteristics.ts",
  "Fields in the page's order, up to `UninstallHandler`; the connectionless handlers after it are not modelled.",
);
struct(
  "NDIS_PROTOCOL_CO_CHARACTERISTICS",
  ns("NDIS_PROTOCOL_CO_CHARACTERISTICS"),
  "src/ndis/characteristics.ts",
  "Every field, in the page's order.",
);
struct(
  "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS",
  ns("NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS"),
  "src/ndis/characteristics.ts",
  "Every field, in the page's order.",
);
struct(
  "NDIS_CO_CLIENT_OPTIONAL_HANDLERS",
  ns("NDIS_CO_CLIENT_OPTIONAL_HANDLERS"),
  "src/ndis/characteristics.ts",
  "Every field, in the page's order.",
);
struct(
  "NDIS_MINIPORT_CO_CHARACTERISTICS",
  ns("NDIS_MINIPORT_CO_CHARACTERISTICS"),
  "src/ndis/characteristics.ts",
  "Every field, in the page's order.",
);
struct(
  "NDIS_MINIPORT_DRIVER_CHARACTERISTICS",
  ns("NDIS_MINIPORT_DRIVER_CHARACTERISTICS"),
  "src/ndis/characteristics.ts",
  "The fields a CoNDIS miniport of the model supplies, in the page's order (`…RestartHandler, ReturnNetBufferListsHandler, CancelSendHandler, ShutdownHandlerEx`); `OidRequestHandler`, `SendNetBufferListsHandler`, `CheckForHangHandlerEx`, `ResetHandlerEx`, `DevicePnPEventNotifyHandler`, `CancelOidRequestHandler` and the direct-OID handlers are not modelled.",
);
struct(
  "CO_ADDRESS_FAMILY",
  "ndis.h",
  "src/ndis/types.ts",
  "`AddressFamily`, `MajorVersion`, `MinorVersion`.",
);
struct("CO_SAP", "ndis.h", "src/ndis/types.ts", "`SapType`, `SapLength`, `Sap` (the bytes).");
struct(
  "CO_CALL_PARAMETERS, CO_CALL_MANAGER_PARAMETERS, CO_MEDIA_PARAMETERS, CO_SPECIFIC_PARAMETERS",
  "ndis.h",
  "src/ndis/call-parameters.ts",
  "Every field; the pointers become nullable members, `Parameters[1]` a `Uint8Array` of `Length` octets.",
);
struct("FLOWSPEC", "qos.h", "src/ndis/call-parameters.ts", "Every field.");
struct(
  "NDIS_CO_LINK_SPEED",
  "ntddndis.h",
  "src/drivers/co-miniport/oids.ts",
  "`Outbound`, `Inbound` (ULONG each, 8 octets), in 100 bit/s.",
);
struct(
  "ATM_ADDRESS",
  "atm.h",
  "src/drivers/atm-sap.ts",
  "28 octets: `AddressType` 0, `NumberOfDigits` 4, `Address[20]` 8.",
);
struct(
  "ATM_BLLI_IE",
  "atm.h",
  "src/drivers/atm-sap.ts",
  "36 octets: `Layer2Protocol` 0, `Layer2Mode` 4, `Layer2WindowSize` 5, `Layer2UserSpecifiedProtocol` 8, `Layer3Protocol` 12, `Layer3Mode` 16, `Layer3DefaultPacketSize` 17, `Layer3PacketWindowSize` 18, `Layer3UserSpecifiedProtocol` 20, `Layer3IPI` 24, `SnapId[5]` 28.",
);
struct(
  "ATM_BHLI_IE",
  "atm.h",
  "src/drivers/atm-sap.ts",
  "16 octets: `HighLayerInfoType` 0, `HighLayerInfoLength` 4, `HighLayerInfo[8]` 8.",
);
struct(
  "ATM_SAP",
  "atm.h",
  "src/drivers/atm-sap.ts",
  "`Blli` 0, `Bhli` 36, `NumberOfAddresses` 52, `Addresses` 56 (zero or one `ATM_ADDRESS`; the UNI call manager supports one).",
);
struct(
  "ATM_VPIVCI, ATM_FLOW_PARAMETERS, ATM_MEDIA_PARAMETERS",
  "atm.h",
  "src/drivers/atm-media.ts",
  "`ATM_FLOW_PARAMETERS` 56 octets (nine ULONGs, `RateIncreaseFactor` 36, `RateDecreaseFactor` 37, `ACRDecreaseTimeFactor` 38 (USHORT), `MaximumCellsPerForwardRMCell` 40, `MaximumForwardRMCellInterval` 41, `CutoffDecreaseFactor` 42, `Reserved1` 43, `MissingRMCellCount` 44, `Reserved2` 48, `Reserved3` 52); `ATM_MEDIA_PARAMETERS` 152 octets (`ConnectionId` 0, `AALType` 8, the seven cell-QoS ULONGs 12–36, `Transmit` 40, `Receive` 96).",
);
struct(
  "Q2931_CALLMGR_PARAMETERS, Q2931_IE",
  "atm.h",
  "src/drivers/uni-cm/atm-call-parameters.ts",
  "`CalledParty` 0, `CallingParty` 28, `InfoElementCount` 56, `InfoElements` 60. An IE's body starts at `FIELD_OFFSET(Q2931_IE, IE)` = 8 and the next IE at `IELength`; condis writes `IELength` = 8 + the body and also accepts `ROUND_UP(sizeof(Q2931_IE)) + ROUND_UP(body)` with 4- or 8-octet rounding, as Windows ATM clients build it (docs/semantics.md).",
);
struct(
  "AAL_PARAMETERS_IE, AAL5_PARAMETERS",
  "atm.h",
  "src/drivers/uni-cm/atm-call-parameters.ts",
  "16 octets: `AALType` 0, `ForwardMaxCPCSSDUSize` 4, `BackwardMaxCPCSSDUSize` 8, `Mode` 12, `SSCSType` 13 (AAL5 only).",
);
struct(
  "NDIS_OID_REQUEST",
  `[page](${page("oidrequest/ns-oidrequest-ndis_oid_request")})`,
  "src/ndis/data-types.ts",
  "`RequestType`, `RequestId`, `RequestHandle`, and the `DATA.QUERY_INFORMATION` / `DATA.SET_INFORMATION` members flattened: `Oid`, `InformationBuffer` (a `Uint8Array` whose length is `InformationBufferLength`), `BytesWritten`, `BytesRead`, `BytesNeeded`. `Header`, `PortNumber`, `Timeout` and `DATA.METHOD_INFORMATION` are not modelled.",
);
w();

w("## DDIs: IRQL and compliance rules");
w();
w("Every driver → NDIS call condis implements (`src/ndis/ddi-descriptors.ts`), with `req.irql` and");
w("`req.ddi-compliance` exactly as its page gives them. condis models two levels, PASSIVE_LEVEL and");
w('DISPATCH_LEVEL: "Any level" allows both, "DISPATCH_LEVEL" means exactly DISPATCH_LEVEL (the');
w('caller holds a spin lock), "See Remarks" is resolved in the notes under the table.');
w();
w("| DDI | req.irql | req.ddi-compliance | Page |");
w("| --- | --- | --- | --- |");
const ddiSrc = fs.readFileSync(path.join(WT, "src/ndis/ddi-descriptors.ts"), "utf8");
const ddis = [...ddiSrc.matchAll(/^\s+(Ndis\w+): d\(/gm)].map((m) => m[1]);
const pageLabels = new Map();
for (const name of ddis) {
  const [dir, header] = NBL.has(name) ? ["nblapi", "nblapi"] : ["ndis", "ndis"];
  const slug = `nf-${header}-${name.toLowerCase()}`;
  const { irql, comp } = front(ddiPage(dir, `${slug}.md`));
  if (comp !== "(none)")
    for (const l of comp.split(/,\s*/))
      if (!pageLabels.has(l.toLowerCase())) pageLabels.set(l.toLowerCase(), l);
  w(`| \`${name}\` | ${irql.replace(/\|/g, "\\|")} | ${comp} | ${page(`${dir}/${slug}`)} |`);
}
w();
w("Notes on the pages that defer to their Remarks:");
w();
w("- `NdisFreeMemory`: <= DISPATCH_LEVEL for memory that is neither contiguous nor noncached (the only");
w("  kind `NdisAllocateMemoryWithTagPriority` returns); PASSIVE_LEVEL for contiguous and < DISPATCH_LEVEL");
w("  for noncached memory, which condis does not model.");
w("- `NdisCancelTimerObject`: PASSIVE_LEVEL when the timer is periodic (the `PeriodicTimer` rule),");
w("  otherwise <= DISPATCH_LEVEL.");
w("- `NdisAllocateSpinLock`, `NdisFreeSpinLock`: any IRQL.");
w("- `NdisReleaseSpinLock`, `NdisDprAcquireSpinLock`, `NdisDprReleaseSpinLock`: the page says");
w("  DISPATCH_LEVEL, not <= DISPATCH_LEVEL.");
w();

w("## Handlers: role types and IRQL");
w();
w("Every NDIS → driver handler (`src/ndis/handler-descriptors.ts`): the role type its page is named");
w("after (`src/ndis/role-types.ts` declares a function type of that name) and the IRQL NDIS calls it at.");
w();
w("| Handler | Role type | req.irql | Page |");
w("| --- | --- | --- | --- |");
const hSrc = fs.readFileSync(path.join(WT, "src/ndis/handler-descriptors.ts"), "utf8");
for (const m of hSrc.matchAll(/^\s+(\w+): d\(\s*"(\w+)"/gm)) {
  const [, name, role] = m;
  const pageRole = role === "PROTOCOL_SET_OPTIONS" || role === "MINIPORT_SET_OPTIONS" ? "SET_OPTIONS" : role;
  const { irql } = front(ddiPage("ndis", `nc-ndis-${pageRole.toLowerCase()}.md`));
  const shown = pageRole === role ? `\`${role}\`` : `\`${role}\` (the page's \`${pageRole}\`)`;
  w(`| \`${name}\` | ${shown} | ${irql} | ${page(`ndis/nc-ndis-${pageRole.toLowerCase()}`)} |`);
}
w();
w('`MiniportShutdownEx` ("See Remarks"): PASSIVE_LEVEL for a shutdown, a high IRQL for a bug check;');
w("condis calls it at PASSIVE_LEVEL only.");
w();

w("## Rule labels");
w();
w("Every Static Driver Verifier label that appears above (a `req.ddi-compliance` of a DDI condis");
w("implements), on `src/ndis/ddi-descriptors.ts`, or on a verifier rule (`sdvRule`), with its SDV page.");
w("Labels differing only in case (`SpinlockRelease` on some pages, `SpinLockRelease` on the rule page)");
w("are one rule.");
w();
w("| Label | Page |");
w("| --- | --- |");
const labels = new Map(pageLabels);
const add = (l) => labels.set(l.toLowerCase(), l);
for (const m of ddiSrc.matchAll(/"(Irql_\w+)"/g)) add(m[1]);
for (const f of fs.readdirSync(path.join(WT, "src/verifier/rules"))) {
  const t = fs.readFileSync(path.join(WT, "src/verifier/rules", f), "utf8");
  for (const m of t.matchAll(/sdvRule: "(\w+)"/g)) add(m[1]);
}
const devtest = new Set(
  git(DOCS, "ls-tree", "--name-only", "HEAD", "windows-driver-docs-pr/devtest/")
    .split("\n")
    .map((f) => f.replace(/.*\//, "")),
);
for (const l of [...labels.values()].sort((a, b) => a.localeCompare(b))) {
  const url = sdv(l);
  const file = `${url.replace(/.*\//, "")}.md`;
  if (!devtest.has(file)) throw new Error(`no SDV page ${file} for ${l}`);
  w(`| \`${l}\` | ${url} |`);
}
w();
w("`MemoryUsage` is the name of the NDIS memory-usage rule set, not of one rule.");
w();

w("## ILMI and SSCOP");
w();
w("| Name | Value | Source |");
w("| --- | --- | --- |");
w(
  "| `atmfAddressGroup` | 1.3.6.1.4.1.353.2.6 | ATM-FORUM-TC-MIB: `atmfAddressGroup OBJECT IDENTIFIER ::= { atmForumUni 6 }` |",
);
w("| `atmfAddressTable` | 1.3.6.1.4.1.353.2.6.1 | ATM-FORUM-ADDR-REG: `::= { atmfAddressGroup 1 }` |");
w("| `atmfAddressStatus` | 1.3.6.1.4.1.353.2.6.1.1.3 | ATM-FORUM-ADDR-REG: `atmfAddressEntry` column 3 |");
w("| `atmfNetPrefixGroup` | 1.3.6.1.4.1.353.2.7 | ATM-FORUM-TC-MIB: `::= { atmForumUni 7 }` |");
w("| `atmfNetPrefixTable` | 1.3.6.1.4.1.353.2.7.1 | ATM-FORUM-ADDR-REG: `::= { atmfNetPrefixGroup 1 }` |");
w(
  "| `atmfNetPrefixStatus` | 1.3.6.1.4.1.353.2.7.1.1.3 | ATM-FORUM-ADDR-REG: `atmfNetPrefixEntry` column 3 |",
);
w(
  "| `atmfAddressRegistrationAdminStatus` | 1.3.6.1.4.1.353.2.11.1.1.2 (instance .0) | ATM-FORUM-ADDR-REG: `atmfAddressRegistrationAdminEntry` column 2, in `atmfAddressRegistrationAdminGroup` (`atmForumUni 11`) |",
);
w(
  "| SSCOP MaxJ upper bound | 65524 octets | ITU-T Q.2110 (`MAX_J_LIMIT`, `src/signaling/sscop/config.ts`) |",
);
w();

w("## Deliberately not modelled");
w();
w("- **NDIS 5.x CoNDIS calls** (`NdisCoRequest`, `NdisCoRequestComplete`, `NdisMCoRequestComplete`,");
w("  `NdisCoSendPackets`, `NdisMCoSendComplete`, `NdisMCoIndicateReceivePacket`, `NdisMCoIndicateStatus`,");
w("  `NdisCmRegisterAddressFamily`, `NdisClOpenAddressFamily`, `NdisMCmRegisterAddressFamily`,");
w("  `NdisMCmRequest` and the `NDIS_PACKET` data path). condis models the NDIS 6 CoNDIS interface: the");
w("  `…Ex` registration calls, `NDIS_OID_REQUEST` and `NET_BUFFER_LIST`s. The NDIS 5 forms are not in");
w("  the current DDI reference (their pages are in the archived NDIS 5.1 documentation), and a driver");
w("  written against them needs a different data path and request structure.");
w("- **TAPI call ids** (`NdisCoGetTapiCallId`, `NdisClGetProtocolVcContextFromTapiCallId`, `OID_CO_TAPI_*`");
w("  0xfe001001–0xfe001009 in ntddndis.h). They serve the TAPI proxy (`CO_ADDRESS_FAMILY_TAPI_PROXY`)");
w("  that bridges a WAN call manager to user-mode telephony; condis has no TAPI side for an id to name.");
w("  The address-family codes are defined (table above) so that a client can name them, but no call");
w("  manager of the model offers them.");
w("- **`OID_ATM_*`** (ntddndis.h 0x08010101–0x08020203: supported VC rates, service categories and AAL");
w("  types, maximum packet sizes, signalling and ILMI VPI/VCI, `OID_ATM_GET_NEAREST_FLOW`,");
w("  `OID_ATM_CALL_PROCEEDING`/`ALERTING`/`NOTIFY`, cell counters). condis's ATM adapter is fixed (OC-3,");
w("  AAL5, VPI 0, signalling on 0/5 and ILMI on 0/16) and its UNI call manager is built against it, so");
w("  it asks the miniport none of these; the reference miniport answers them `NDIS_STATUS_NOT_SUPPORTED`");
w("  like any OID it does not list in docs/semantics.md.");
w("- **Other `NDIS_STATUS` values, OIDs and structures** of the headers that CoNDIS over ATM does not");
w("  use (802.11, WWAN, offload, the connectionless data path) are not defined; a status a driver");
w("  returns that condis does not name is traced as its hexadecimal value.");
w();
fs.writeFileSync(path.join(WT, "docs/fidelity.md"), `${out.join("\n").trimEnd()}\n`);
