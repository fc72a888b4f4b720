/** `condis/media`: what carries ATM frames between a miniport and the agent (the in-memory link). */
export * from "../media/index.ts";
