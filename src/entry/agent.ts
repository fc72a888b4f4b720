/** `condis/agent`: the network control agent (the ATM switch): ILMI, UNI signaling, call routing. */
export * from "../agent/index.ts";
