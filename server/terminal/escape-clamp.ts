/**
 * A streaming filter for terminal output on its way into the headless mirror. Terminal output comes
 * from the sandbox and is hostile: a few bytes such as `ESC [ 2147483647 b` (repeat the last character
 * 2^31 times) cost the parser minutes. The filter bounds the work per input byte:
 * - numeric parameters of CSI sequences without a private marker are clamped (REP, SU/SD, IL/DL, ICH,
 *   ECH, CHT… all take a count), at most MIRROR_MAX_CSI_PARAMS parameters are kept;
 * - OSC, DCS, SOS, PM and APC payloads are cut after MIRROR_MAX_STRING_BYTES, the terminator still passes;
 * - 8-bit C1 controls encoded in UTF-8 (U+0080..U+009F, which xterm.js honours) become their 7-bit
 *   ESC forms first, so they go through the same rules.
 * State survives chunk boundaries: filtering a stream in any split gives the same bytes as in one piece.
 * Only the mirror sees the filtered bytes; the learner's browser gets the terminal's output unchanged.
 */
import { TerminalLimits } from './protocol.ts';

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const C1_LEAD = 0xc2;
/** xterm.js saturates parameters here; longer digit runs are dropped, not stored. */
const PARAM_SATURATION = 0x7fffffff;

const enum State {
  Ground,
  Escape,
  EscapeIntermediate,
  Csi,
  String,
}

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const isIntermediate = (byte: number) => byte >= 0x20 && byte <= 0x2f;
/** Bytes a terminal acts on (C0 controls) or skips (DEL, non-ASCII) without leaving the sequence it is in. */
const isPassing = (byte: number) => (byte < 0x20 && byte !== ESC && byte !== CAN && byte !== SUB) || byte >= 0x7f;

export class EscapeClamp {
  private state = State.Ground;
  private pendingC1Lead = false;
  private csiStarted = false;
  private privateCsi = false;
  private paramIndex = 0;
  private digits = false;
  private value = 0;
  private stringKind = 0;
  private stringBytes = 0;
  private out = new Uint8Array(0);
  private length = 0;

  /** Filters one chunk; the returned bytes are valid until the next call. */
  push(chunk: Uint8Array): Uint8Array {
    this.length = 0;
    if (this.out.length < chunk.length + 32) this.out = new Uint8Array(chunk.length + 32);
    for (const byte of chunk) {
      if (this.pendingC1Lead) {
        this.pendingC1Lead = false;
        if (byte >= 0x80 && byte <= 0x9f) {
          this.step(ESC);
          this.step(byte - 0x40);
          continue;
        }
        this.step(C1_LEAD);
      }
      if (byte === C1_LEAD) this.pendingC1Lead = true;
      else this.step(byte);
    }
    return this.out.subarray(0, this.length);
  }

  private emit(byte: number): void {
    if (this.length === this.out.length) {
      const grown = new Uint8Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.length++] = byte;
  }

  private step(byte: number): void {
    if (this.state === State.Csi) return this.onCsi(byte);
    if (this.state === State.String) return this.onString(byte);
    this.emit(byte);
    if (byte === ESC) this.state = State.Escape;
    else if (byte === CAN || byte === SUB) this.state = State.Ground;
    else if (this.state === State.Escape) this.onEscape(byte);
    else if (this.state === State.EscapeIntermediate && !isPassing(byte) && !isIntermediate(byte)) this.state = State.Ground;
  }

  private onEscape(byte: number): void {
    if (isPassing(byte)) return;
    if (isIntermediate(byte)) this.state = State.EscapeIntermediate;
    else if (byte === 0x5b) this.startCsi();
    else if (byte === 0x5d || byte === 0x50 || byte === 0x58 || byte === 0x5e || byte === 0x5f) {
      this.state = State.String;
      this.stringKind = byte;
      this.stringBytes = 0;
    } else this.state = State.Ground;
  }

  private startCsi(): void {
    this.state = State.Csi;
    this.csiStarted = false;
    this.privateCsi = false;
    this.paramIndex = 0;
    this.digits = false;
    this.value = 0;
  }

  /**
   * Every digit inside a CSI is taken as part of a parameter, whatever passes in between (a terminal
   * executes a newline in the middle of `ESC [ 2 \n 147483647 b` and keeps reading the number).
   */
  private onCsi(byte: number): void {
    if (isDigit(byte)) {
      this.csiStarted = true;
      this.digits = true;
      this.value = Math.min(PARAM_SATURATION, this.value * 10 + (byte - 0x30));
      return;
    }
    if (isPassing(byte)) return this.emit(byte);
    if (!this.csiStarted && byte >= 0x3c && byte <= 0x3f) this.privateCsi = true;
    this.csiStarted = true;
    this.endParam();
    if (byte === 0x3b || byte === 0x3a) {
      this.paramIndex += 1;
      if (this.paramIndex < TerminalLimits.MIRROR_MAX_CSI_PARAMS) this.emit(byte);
      return;
    }
    this.emit(byte);
    if (byte === ESC) this.state = State.Escape;
    else if (byte === CAN || byte === SUB || (byte >= 0x40 && byte <= 0x7e)) this.state = State.Ground;
  }

  /** Emits the parameter read so far, clamped, unless the sequence already has all the parameters it may keep. */
  private endParam(): void {
    if (!this.digits) return;
    if (this.paramIndex < TerminalLimits.MIRROR_MAX_CSI_PARAMS) {
      const value = this.privateCsi ? this.value : Math.min(this.value, TerminalLimits.MIRROR_MAX_CSI_PARAM);
      for (const char of String(value)) this.emit(char.charCodeAt(0));
    }
    this.digits = false;
    this.value = 0;
  }

  private onString(byte: number): void {
    if (byte === ESC) {
      // ESC \ is the string terminator; any other escape also ends the string in xterm.js.
      this.state = State.Escape;
      return this.emit(byte);
    }
    if (byte === CAN || byte === SUB || (byte === BEL && this.stringKind === 0x5d)) {
      this.state = State.Ground;
      return this.emit(byte);
    }
    this.stringBytes += 1;
    if (this.stringBytes <= TerminalLimits.MIRROR_MAX_STRING_BYTES) this.emit(byte);
  }
}
