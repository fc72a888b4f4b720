/** `condis/signaling`: the UNI signaling codecs, one namespace each: Q.2931, SSCOP, ILMI (SNMP over BER). */
import * as ilmi from "../signaling/ilmi/index.ts";
import * as q2931 from "../signaling/q2931/index.ts";
import * as sscop from "../signaling/sscop/index.ts";

export { ilmi, q2931, sscop };
