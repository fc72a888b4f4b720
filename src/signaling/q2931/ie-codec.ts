/** The shape every IE codec has: contents in, octets out, and back. */
import type { ByteReader, ByteWriter, IeDecoded } from "./bytes.ts";
import type { Q2931EncodeError } from "./errors.ts";
import type { IeKey, IeValues } from "./ie-types.ts";

/** Encoder and decoder of one IE's contents (the octets after its 4-octet header). */
export interface IeCodec<K extends IeKey> {
  readonly id: number;
  readonly key: K;
  /** The coding standard of the IE's normal compatibility octet (0 ITU-T; 3 for the UNI 3.1 QoS parameter). */
  readonly defaultCoding: number;
  /** Validates `value` and writes its contents; an error leaves the writer in an unspecified state. */
  encode(value: IeValues[K], w: ByteWriter, path: string): Q2931EncodeError | undefined;
  /** Decodes the contents in [r.pos, r.end); the caller rejects octets left unread. */
  decode(r: ByteReader): IeDecoded<IeValues[K]>;
  /** True when tshark 4.0 reads past this IE's end, so the encoder must not put it last (§1 finding 6). */
  overreads(value: IeValues[K]): boolean;
}

/** Never over-reads: the default for most IEs. */
export const neverOverreads = (): boolean => false;

/** Always over-reads (AAL parameters, ATM traffic descriptor, broadband sending complete). */
export const alwaysOverreads = (): boolean => true;
