/**
 * One of the long table's COPY streams as rows, for its worker (LONG_TABLE_SOURCE), as source text
 * evaluated inside the worker's own source: `new Rows(name, fields)`, its `queue` of chunks
 * (Buffers), `next()` for the next whole row, its chunks `done` with, to be given back.
 */
export const COPY_ROWS_SOURCE = `
/**
 * One COPY stream's rows, split as they are needed: next() makes the next whole row's fields
 * buf[s[k], e[k]) (false when none has arrived yet). A row cut between two chunks is copied
 * whole into a small buffer; the chunk before it is then done with and goes back to the sender
 * ('done'), so chunks are reused, not garbage.
 */
class Rows {
  constructor(name, count) {
    this.name = name; this.count = count; this.queue = []; this.done = []; this.ended = false;
    this.buf = null; this.pos = 0; this.s = new Int32Array(count); this.e = new Int32Array(count);
    // the chunk rows are read from (buf, or the chunk after buf when buf is a cut row's copy)
    this.chunk = null; this.after = -1;
  }
  next() {
    for (;;) {
      if (this.buf !== null) {
        const buf = this.buf, nl = buf.indexOf(10, this.pos);
        if (nl !== -1) {
          let c = 0, at = this.pos;
          for (let x = at; x < nl; x++) {
            if (buf[x] !== 9) continue;
            if (c < this.count) { this.s[c] = at; this.e[c] = x; }
            c += 1; at = x + 1;
          }
          if (c + 1 !== this.count)
            throw new Error('a long table ' + this.name + ' row has ' + (c + 1) + ' fields, not ' + this.count);
          this.s[c] = at; this.e[c] = nl;
          this.pos = nl + 1;
          return true;
        }
        if (this.after >= 0) {
          // the cut row's copy is read: on into its chunk
          this.buf = this.chunk; this.pos = this.after; this.after = -1;
          continue;
        }
      }
      if (this.queue.length === 0) return false;
      const input = this.queue.shift();
      const nl = input.indexOf(10);
      // the chunk read so far is done with (a cut row at its end is copied first)
      const previous = this.chunk;
      this.chunk = input;
      if (!this.partial) { this.buf = input; this.pos = 0; }
      else if (nl !== -1) {
        this.buf = Buffer.concat([this.buf.subarray(this.pos), input.subarray(0, nl + 1)]);
        this.pos = 0; this.after = nl + 1;
      } else {
        // a chunk without a line end: all of it joins the cut row's copy
        this.buf = Buffer.concat([this.buf.subarray(this.pos), input]); this.pos = 0;
        this.done.push(input); this.chunk = null;
      }
      if (previous !== null) this.done.push(previous);
    }
  }
  get partial() { return this.buf !== null && this.pos < this.buf.length; }
  /** Field 0 (a judgment id) as a number. */
  id() {
    let v = 0;
    for (let x = this.s[0]; x < this.e[0]; x++) {
      const d = this.buf[x] - 48;
      if (d < 0 || d > 9) throw new Error('a long table ' + this.name + ' row has a judgment id that is not a number');
      v = v * 10 + d;
    }
    return v;
  }
}
`;
