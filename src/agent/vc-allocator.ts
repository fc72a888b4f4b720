/** A VC on one port: the VPI/VCI pair that the Connection identifier IE names (VPCI = VPI here). */
export interface Vc {
  readonly vpi: number;
  readonly vci: number;
}

/** VCIs 0–31 are reserved for signalling, ILMI, OAM and the like (UNI 3.1 §2.4.2); calls use 32 up. */
export const FIRST_CALL_VCI = 32;
/** The VCI field is 16 bits. */
export const LAST_CALL_VCI = 0xffff;
/** Calls are switched on VPI 0, the VP of the signalling channel (VP-associated signalling off). */
export const CALL_VPI = 0;

/**
 * The VCs of one port that calls hold. It hands out the lowest free VCI at or above the last one
 * given, wrapping, so that a VCI just freed is not reused at once (a late frame of the old call must
 * not land on the new one).
 */
export class VcAllocator {
  private readonly used = new Set<number>();
  private next = FIRST_CALL_VCI;

  /** A free VC, or undefined when every VCI is taken. */
  allocate(): Vc | undefined {
    const span = LAST_CALL_VCI - FIRST_CALL_VCI + 1;
    for (let tries = 0; tries < span; tries++) {
      const vci = this.next;
      this.next = vci === LAST_CALL_VCI ? FIRST_CALL_VCI : vci + 1;
      if (!this.used.has(vci)) {
        this.used.add(vci);
        return { vpi: CALL_VPI, vci };
      }
    }
    return undefined;
  }

  /** Takes the VC the user asked for; false when it is not a call VC or is in use. */
  claim(vc: Vc): boolean {
    if (vc.vpi !== CALL_VPI || vc.vci < FIRST_CALL_VCI || vc.vci > LAST_CALL_VCI) return false;
    if (this.used.has(vc.vci)) return false;
    this.used.add(vc.vci);
    return true;
  }

  /** Gives a VC back. */
  release(vc: Vc): void {
    if (vc.vpi === CALL_VPI) this.used.delete(vc.vci);
  }

  /** Forgets every VC (the port's calls are all gone). */
  clear(): void {
    this.used.clear();
  }

  /** VCs in use now. */
  get size(): number {
    return this.used.size;
  }
}
