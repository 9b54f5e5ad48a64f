/**
 * A Parquet column-chunk encoder for flat tables whose values arrive as bytes (the long table's
 * COPY fields), run on a worker thread as source text (COLUMN_ENCODER_SOURCE, evaluated inside the
 * worker's own source). hyparquet-writer still writes the format: page headers, the RLE /
 * bit-packed hybrid, Snappy and the footer's metadata. What this replaces is its generic per-value
 * path (dremel levels, per-page size estimates, statistics, dictionary detection on JS values),
 * which cost several seconds on a million rows.
 *
 * Every column is dictionary-encoded: each row group keeps its distinct values in PLAIN form (the
 * dictionary page, Snappy-compressed) and writes a data page (v2, not compressed) of
 * definition levels and dictionary indexes. A value equal to the previous row's reuses its index
 * without a lookup (a judgment's own fields repeat on each of its answers); `hashed` columns (few
 * distinct values) also find earlier entries through a hash table of its first DICT_LIMIT
 * entries (later ones are only appended). A row group holds at most `capacity` rows, and ends
 * sooner (`full`) once a column's dictionary reaches DICT_BYTES: memory stays bounded whatever
 * the values. BOOLEAN columns are RLE-encoded (no dictionary).
 *
 * In the worker: `hw` holds hyparquet-writer's ByteWriter, writeRleBitPackedHybrid,
 * writePageHeader and snappyCompress. INT32 and DOUBLE values are stored little-endian, as
 * Parquet wants (the worker refuses a big-endian host).
 */
export const COLUMN_ENCODER_SOURCE = `
const STRING_T = 0, INT32_T = 1, BOOLEAN_T = 2, DOUBLE_T = 3;
const HASH_SLOTS = 1 << 13, HASH_MASK = HASH_SLOTS - 1, DICT_LIMIT = HASH_SLOTS >> 1;
const DICT_BYTES = 8 << 20;
if (require('node:os').endianness() !== 'LE') throw new Error('the Parquet encoder needs a little-endian host');

class ColumnEncoder {
  /** 'group' is shared by a file's encoders: 'group.full' ends the row group after this row. */
  constructor(name, element, hashed, capacity, group) {
    this.name = name;
    this.group = group;
    this.physical = element.type;
    this.type = { INT32: INT32_T, BOOLEAN: BOOLEAN_T, DOUBLE: DOUBLE_T }[element.type] ?? STRING_T;
    this.hashed = hashed;
    this.def = new Uint8Array(capacity);
    this.idx = new Int32Array(capacity);
    this.dict = new Uint8Array(1 << 16);
    // entry i's PLAIN bytes are dict[ends[i - 1] .. ends[i]) (ends[-1] = 0)
    this.ends = new Int32Array(1024);
    this.table = hashed ? new Int32Array(HASH_SLOTS) : null;
    this.scratch = new Uint8Array(8);
    this.scratchView = new DataView(this.scratch.buffer);
    this.reset();
  }

  reset() {
    this.rows = 0; this.values = 0; this.count = 0; this.size = 0; this.prev = -1; this.prevNull = false;
    if (this.table) this.table.fill(0);
    // a dictionary grown by one row group of long values is not kept for the next
    if (this.dict.length > DICT_BYTES >> 1) this.dict = new Uint8Array(1 << 16);
  }

  nul() { this.def[this.rows++] = 0; this.prevNull = true; }

  /** The previous row's value again (null or not), without a comparison. */
  repeat() {
    if (this.prevNull || this.prev < 0) { this.nul(); return; }
    this.def[this.rows++] = 1;
    this.idx[this.values++] = this.prev;
  }

  bool(on) { this.def[this.rows++] = 1; this.idx[this.values++] = on ? 1 : 0; this.prevNull = false; this.prev = on ? 1 : 0; }

  int32(value) { this.scratchView.setInt32(0, value, true); this.bytes(this.scratch, 0, 4); }

  double(value) { this.scratchView.setFloat64(0, value, true); this.bytes(this.scratch, 0, 8); }

  /** A value given by its bytes (UTF-8 for strings, 4 bytes for INT32). */
  bytes(buf, s, e) {
    this.prevNull = false;
    let i = this.prev;
    if (i < 0 || !this.same(i, buf, s, e)) {
      if (this.table) {
        let h = 0x811c9dc5;
        for (let x = s; x < e; x++) h = Math.imul(h ^ buf[x], 0x01000193);
        let slot = h & HASH_MASK;
        for (;;) {
          const at = this.table[slot];
          if (at === 0) {
            i = this.append(buf, s, e);
            if (i < DICT_LIMIT) this.table[slot] = i + 1;
            break;
          }
          if (this.same(at - 1, buf, s, e)) { i = at - 1; break; }
          slot = (slot + 1) & HASH_MASK;
        }
      } else i = this.append(buf, s, e);
      this.prev = i;
    }
    this.def[this.rows++] = 1;
    this.idx[this.values++] = i;
  }

  same(i, buf, s, e) {
    let at = i === 0 ? 0 : this.ends[i - 1];
    if (this.type === STRING_T) at += 4;
    if (this.ends[i] - at !== e - s) return false;
    const d = this.dict;
    for (let x = s; x < e; x++) if (d[at++] !== buf[x]) return false;
    return true;
  }

  append(buf, s, e) {
    const n = e - s, head = this.type === STRING_T ? 4 : 0;
    if (this.size + head + n > this.dict.length) {
      const next = new Uint8Array(Math.max(this.dict.length * 2, this.size + head + n));
      next.set(this.dict.subarray(0, this.size));
      this.dict = next;
    }
    const d = this.dict;
    let p = this.size;
    if (head) { d[p] = n & 255; d[p + 1] = (n >>> 8) & 255; d[p + 2] = (n >>> 16) & 255; d[p + 3] = n >>> 24; p += 4; }
    if (n > 32) { d.set(buf.subarray(s, e), p); p += n; } else for (let x = s; x < e; x++) d[p++] = buf[x];
    if (this.count === this.ends.length) {
      const next = new Int32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
    }
    this.ends[this.count] = p;
    this.size = p;
    if (p >= DICT_BYTES) this.group.full = true;
    return this.count++;
  }

  /** Writes this row group's column chunk to the file writer \`w\`; returns its ColumnChunk. */
  write(w, hw) {
    const start = w.offset;
    let uncompressed = 0, dictionaryOffset, encoding, encodings;
    const data = new hw.ByteWriter(this.values + 64);
    if (this.type === BOOLEAN_T) {
      const bits = new hw.ByteWriter(this.values / 8 + 64);
      hw.writeRleBitPackedHybrid(bits, this.idx.subarray(0, this.values), 1);
      data.appendUint32(bits.offset);
      data.appendBytes(bits.getBytes());
      encoding = 'RLE';
      encodings = ['RLE'];
    } else if (this.count > 0) {
      dictionaryOffset = w.offset;
      const raw = this.dict.subarray(0, this.size);
      const packed = hw.snappyCompress(raw);
      hw.writePageHeader(w, {
        type: 'DICTIONARY_PAGE',
        uncompressed_page_size: raw.length,
        compressed_page_size: packed.length,
        dictionary_page_header: { num_values: this.count, encoding: 'PLAIN' },
      });
      uncompressed += w.offset - dictionaryOffset + raw.length;
      w.appendBytes(packed);
      const width = Math.max(1, 32 - Math.clz32(this.count - 1));
      data.appendUint8(width);
      hw.writeRleBitPackedHybrid(data, this.idx.subarray(0, this.values), width);
      encoding = 'RLE_DICTIONARY';
      encodings = ['PLAIN', 'RLE', 'RLE_DICTIONARY'];
    } else {
      encoding = 'PLAIN';
      encodings = ['PLAIN', 'RLE'];
    }
    const levels = new hw.ByteWriter(this.rows / 8 + 64);
    hw.writeRleBitPackedHybrid(levels, this.def.subarray(0, this.rows), 1);
    const dataOffset = w.offset;
    hw.writePageHeader(w, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levels.offset + data.offset,
      compressed_page_size: levels.offset + data.offset,
      data_page_header_v2: {
        num_values: this.rows,
        num_nulls: this.rows - this.values,
        num_rows: this.rows,
        encoding,
        definition_levels_byte_length: levels.offset,
        repetition_levels_byte_length: 0,
        is_compressed: false,
      },
    });
    uncompressed += w.offset - dataOffset + levels.offset + data.offset;
    w.appendBytes(levels.getBytes());
    w.appendBytes(data.getBytes());
    const chunk = {
      meta_data: {
        type: this.physical,
        encodings,
        path_in_schema: [this.name],
        codec: 'SNAPPY',
        num_values: BigInt(this.rows),
        total_uncompressed_size: BigInt(uncompressed),
        total_compressed_size: BigInt(w.offset - start),
        data_page_offset: BigInt(dataOffset),
        dictionary_page_offset: dictionaryOffset === undefined ? undefined : BigInt(dictionaryOffset),
      },
      file_offset: BigInt(start),
    };
    this.reset();
    return chunk;
  }
}

/** A Parquet file of flat columns, one row group per \`group()\`: PAR1, the chunks, the footer. */
class ColumnFile {
  constructor(hw, file, schema, encoders, group) {
    this.hw = hw; this.schema = schema; this.encoders = encoders; this.state = group;
    this.w = hw.fileWriter(file);
    this.w.appendUint32(0x31524150);
    this.groups = []; this.rows = 0;
  }

  get full() { return this.state.full; }

  /** Writes the rows the encoders hold as one row group. */
  group() {
    const rows = this.encoders[0].rows;
    if (rows === 0) return;
    const start = this.w.offset;
    const columns = this.encoders.map((e) => e.write(this.w, this.hw));
    let bytes = 0n;
    for (const c of columns) bytes += c.meta_data.total_uncompressed_size;
    this.groups.push({
      columns, total_byte_size: bytes, num_rows: BigInt(rows), total_compressed_size: BigInt(this.w.offset - start),
    });
    this.rows += rows;
    this.state.full = false;
  }

  finish() {
    this.group();
    this.hw.writeMetadata(this.w, {
      version: 2, created_by: 'peel', schema: this.schema, num_rows: BigInt(this.rows), row_groups: this.groups,
    });
    this.w.appendUint32(0x31524150);
    this.w.finish();
  }
}

/**
 * A file of 'spec' ([name, 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN'], all nullable): its
 * encoders in column order, 'hashed' naming the columns of few distinct values.
 */
function columnFile(hw, file, spec, hashed, capacity) {
  const schema = hw.schemaFromColumnData({
    columnData: spec.map(([name, type]) => ({ name, type, nullable: true, data: [] })),
  });
  const group = { full: false };
  const encoders = spec.map(([name], c) =>
    new ColumnEncoder(name, schema[c + 1], hashed.includes(name), capacity, group));
  return new ColumnFile(hw, file, schema, encoders, group);
}

/** hyparquet-writer's parts the encoder uses, from its package folder (\`src/*.js\`). */
async function loadWriter(srcDir) {
  const { pathToFileURL } = require('node:url');
  const path = require('node:path');
  const load = (name) => import(pathToFileURL(path.join(srcDir, name)).href);
  const [node, encoding, datapage, metadata, snappy] = await Promise.all(
    ['node.js', 'encoding.js', 'datapage.js', 'metadata.js', 'snappy.js'].map(load),
  );
  return {
    ByteWriter: node.ByteWriter,
    fileWriter: node.fileWriter,
    schemaFromColumnData: node.schemaFromColumnData,
    writeRleBitPackedHybrid: encoding.writeRleBitPackedHybrid,
    writePageHeader: datapage.writePageHeader,
    writeMetadata: metadata.writeMetadata,
    snappyCompress: snappy.snappyCompress,
  };
}
`;
