/**
 * Signalling codec throughput: encode + decode of a minimal UNI 3.1 SETUP (UBR, AAL5, LLC BLLI), and
 * of a CONNECT carried in an SSCOP SD (encode the Q.2931 message, wrap it in an SD and encode that; then
 * decode the SD and the Q.2931 message inside). Each has a baseline measured in the same run: the same
 * bytes copied with `Buffer.copy`, once for the encoding direction and once for the decoding direction,
 * into buffers allocated beforehand.
 */
import {
  decodeMessage,
  encodeMessage,
  type MessageOf,
  type Q2931Message,
} from "../src/signaling/q2931/index.ts";
import { decodePdu, encodePdu } from "../src/signaling/sscop/index.ts";
import { SAMPLE_SETUP } from "../src/trace/pcap-sample.ts";
import { perOp } from "./measure.ts";

/** The network's CONNECT answering that SETUP: AAL5, LLC BLLI, connection identifier VPCI 0 / VCI 33. */
const CONNECT: MessageOf<"CONNECT"> = {
  type: "CONNECT",
  callReference: { value: 1, flag: true },
  ies: {
    aal: { aalType: 0x05, forwardMaxCpcsSduSize: 9188, backwardMaxCpcsSduSize: 9188, sscsType: 0 },
    blli: { layer2: { protocol: 0x0c } },
    connectionIdentifier: { vpAssociatedSignalling: 0, preferredExclusive: 0, vpci: 0, vci: 33 },
  },
};

/** Encodes and decodes one Q.2931 message; returns the decoded type so nothing is optimised away. */
function setupRoundTrip(message: Q2931Message): string {
  const encoded = encodeMessage(message);
  if (!encoded.ok) throw new Error(encoded.error.reason);
  const decoded = decodeMessage(encoded.bytes);
  if (!decoded.ok) throw new Error(decoded.error.reason);
  return decoded.message.type;
}

/** Q.2931 encode → SD encode → SD decode → Q.2931 decode. */
function sdRoundTrip(message: Q2931Message, nS: number): string {
  const encoded = encodeMessage(message);
  if (!encoded.ok) throw new Error(encoded.error.reason);
  const pdu = decodePdu(encodePdu({ type: "SD", nS, data: encoded.bytes }));
  if (!pdu.ok || pdu.value.type !== "SD") throw new Error("SD did not decode");
  const decoded = decodeMessage(pdu.value.data);
  if (!decoded.ok) throw new Error(decoded.error.reason);
  return decoded.message.type;
}

/**
 * The baseline for one round trip over `source`: copy it to a "wire" buffer and from there to a
 * "received" buffer (one copy per direction), both allocated once, outside the measured loop.
 */
function copyBaseline(source: Buffer): () => number {
  const wire = Buffer.allocUnsafe(source.length);
  const received = Buffer.allocUnsafe(source.length);
  return () => source.copy(wire) + wire.copy(received);
}

/** Median nanoseconds per round trip of each codec operation and of its baseline. */
export interface CodecCosts {
  readonly setupNs: number;
  readonly setupCopyNs: number;
  readonly setupOctets: number;
  readonly sdConnectNs: number;
  readonly sdCopyNs: number;
  readonly sdOctets: number;
}

/** Measures the codec round trips and their baselines: medians of `runs` batches of `batch`. */
export function codecCosts(runs: number, batch = 2000): CodecCosts {
  const setupBytes = encodeMessage(SAMPLE_SETUP);
  const connectBytes = encodeMessage(CONNECT);
  if (!setupBytes.ok || !connectBytes.ok) throw new Error("codec bench: a message did not encode");
  if (setupRoundTrip(SAMPLE_SETUP) !== "SETUP" || sdRoundTrip(CONNECT, 0) !== "CONNECT") {
    throw new Error("codec bench: a round trip changed the message");
  }
  const setupWire = Buffer.from(setupBytes.bytes);
  const sdWire = Buffer.from(encodePdu({ type: "SD", nS: 0, data: connectBytes.bytes }));
  let nS = 0;
  return {
    setupNs: perOp(() => setupRoundTrip(SAMPLE_SETUP), batch, runs),
    setupCopyNs: perOp(copyBaseline(setupWire), batch * 10, runs),
    setupOctets: setupWire.length,
    sdConnectNs: perOp(
      () => {
        nS = (nS + 1) & 0xffffff;
        return sdRoundTrip(CONNECT, nS);
      },
      batch,
      runs,
    ),
    sdCopyNs: perOp(copyBaseline(sdWire), batch * 10, runs),
    sdOctets: sdWire.length,
  };
}
