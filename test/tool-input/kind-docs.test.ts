/**
 * The rule pages' sink lists and the rules' coverage sentence, rendered from rows (src/families/tool-input/kinds/docs.ts).
 * Hand-built rows, not the real ones (those change as knowledge moves into them): every form, read rows,
 * keywords and options, sanitisers of one kind, several and all, the common ones, both languages, empty sections.
 */
import { describe, expect, it } from '@jest/globals';
import { renderKindRows, sinkCoverage, sinkNameCount } from '../../src/families/tool-input/kinds/docs.js';
import { KIND_ROWS, type KindRows, type SanitizerRow } from '../../src/families/tool-input/kinds/index.js';
import { sinkRules } from '../../src/families/tool-input/index.js';

const rows: KindRows = {
  kind: 'path',
  sinks: [
    { lang: 'python', form: 'call', names: ['open', 'io.open'], args: [0], keywords: ['file'], read: 'mode' },
    { lang: 'python', form: 'call', names: ['os.remove', 'os.unlink'], args: [0] },
    { lang: 'python', form: 'call', names: ['os.rename'], args: [0, 1], keywords: ['src', 'dst'] },
    { lang: 'python', form: 'call', names: ['os.listdir', 'os.scandir'], args: [0], read: true },
    // The keyword list of the os.rename row again: written out once per language.
    { lang: 'python', form: 'call', names: ['shutil.copyfileobj'], keywords: ['src', 'dst'] },
    // Same line as the os.remove row (names shared by the two rows are listed once).
    { lang: 'python', form: 'call', names: ['shutil.rmtree', 'os.unlink'], args: [0] },
    { lang: 'python', form: 'method', names: ['read_text', 'read_bytes'], receiver: 'a path object', read: true },
    { lang: 'python', form: 'method', names: ['write_text'], receiver: 'a path object' },
    { lang: 'python', form: 'shape', names: ['tarfile.open'], shape: 'extractall', when: 'when its members are extracted without a `filter`' },
    // A method named like a callee is another API; a callee in a call row and a shape row is one.
    { lang: 'python', form: 'method', names: ['open'], receiver: 'a path object' },
    { lang: 'python', form: 'shape', names: ['os.rename'], shape: 'example', when: 'in the example shape' },
    { lang: 'javascript', form: 'shape', names: ['fs.cp'], shape: 'recursive', when: 'with `recursive: true`' },
    { lang: 'javascript', form: 'call', names: ['fs.readFile', 'fs.promises.readFile'], args: [0], read: true },
    { lang: 'javascript', form: 'call', names: ['fs.copyFile'], args: [0, 1] },
    { lang: 'javascript', form: 'call', names: ['archiver.file'], args: [11], keywords: ['name'] },
    { lang: 'javascript', form: 'call', names: ['tar.x'], keywords: ['cwd', 'file'] },
    { lang: 'javascript', form: 'method', names: ['sendFile'], args: [0], receiver: 'an Express response' },
  ],
  sanitizers: [
    { lang: 'python', form: 'call', names: ['os.path.basename'], safeFor: ['path'], why: 'the last segment, no separator' },
    { lang: 'python', form: 'call', names: ['secure_filename'], safeFor: ['path', 'command', 'argument'], why: 'letters, digits, `_`, `-` and `.` only' },
    { lang: 'python', form: 'method', names: ['hexdigest'], safeFor: 'all' },
  ],
};

const common: SanitizerRow[] = [
  { lang: 'python', form: 'call', names: ['int', 'float'], safeFor: 'all', why: 'a number' },
  { lang: 'python', form: 'call', names: ['bool'], safeFor: 'all', why: 'a number' },
  { lang: 'python', form: 'call', names: ['shlex.quote'], safeFor: ['command'], why: 'quoted for the shell' },
  { lang: 'python', form: 'call', names: ['uuid.UUID'], safeFor: ['path', 'sql'] },
  { lang: 'javascript', form: 'call', names: ['Number', 'parseInt'], safeFor: 'all', why: 'a number' },
  { lang: 'javascript', form: 'method', names: ['digest'], safeFor: 'all', why: 'a hash' },
];

describe('renderKindRows', () => {
  it('lists each language’s sinks (calls, methods, shapes) and sanitisers, rows that read alike on one line', () => {
    expect(renderKindRows(rows, common)).toBe(
      [
        'The APIs the rule recognises, generated from [its rows](../../../src/families/tool-input/kinds/path.ts):',
        '',
        '**Python sinks**',
        '',
        '- `open`, `io.open`: first argument or keyword `file` (reads only in a read mode)',
        '- `os.remove`, `os.unlink`, `shutil.rmtree`: first argument',
        '- `os.rename`: first and second arguments or keywords `src`, `dst`',
        '- `os.listdir`, `os.scandir`: first argument (reads only)',
        '- `shutil.copyfileobj`: the same keywords',
        '- `.read_text()`, `.read_bytes()` on a path object (reads only)',
        '- `.write_text()`, `.open()` on a path object',
        '- `tarfile.open`: when its members are extracted without a `filter`',
        '- `os.rename`: in the example shape',
        '',
        '**Python sanitisers**',
        '',
        '- `os.path.basename`: the last segment, no separator',
        '- `secure_filename`: letters, digits, `_`, `-` and `.` only; safe for path traversal, command injection and argument injection',
        '- `.hexdigest()`: safe for every kind',
        '- and the common ones: `int`, `float`, `bool` (a number); `uuid.UUID`',
        '',
        '**JavaScript / TypeScript sinks**',
        '',
        '- `fs.readFile`, `fs.promises.readFile`: first argument (reads only)',
        '- `fs.copyFile`: first and second arguments',
        '- `archiver.file`: argument 12 or option `name`',
        '- `tar.x`: options `cwd`, `file`',
        '- `.sendFile()` on an Express response: first argument',
        '- `fs.cp`: with `recursive: true`',
        '',
        '**JavaScript / TypeScript sanitisers**',
        '',
        '- and the common ones: `Number`, `parseInt` (a number); `.digest()` (a hash)',
        '',
      ].join('\n'),
    );
  });

  it('says nothing for a language without rows of the kind, nor sanitisers where none apply', () => {
    const jsOnly: KindRows = { kind: 'ssrf', sinks: rows.sinks.filter((r) => r.lang === 'javascript' && r.form === 'call').slice(0, 1), sanitizers: [] };
    expect(
      renderKindRows(
        jsOnly,
        common.filter((r) => r.lang === 'python'),
      ),
    ).toBe(
      [
        'The APIs the rule recognises, generated from [its rows](../../../src/families/tool-input/kinds/ssrf.ts):',
        '',
        '**JavaScript / TypeScript sinks**',
        '',
        '- `fs.readFile`, `fs.promises.readFile`: first argument (reads only)',
        '',
      ].join('\n'),
    );
    // The common sanitisers of a language the kind has no row in are not listed; nor are those for other kinds.
    expect(renderKindRows({ kind: 'sql', sinks: [], sanitizers: [] }, common)).toBe('');
    const sqlPython: KindRows = {
      kind: 'sql',
      sinks: [{ lang: 'python', form: 'method', names: ['execute'], args: [0], receiver: 'a cursor' }],
      sanitizers: [],
    };
    expect(renderKindRows(sqlPython, [common[2]])).not.toContain('sanitisers');
    expect(renderKindRows(sqlPython, common)).toContain('- and the common ones: `int`, `float`, `bool` (a number); `uuid.UUID`\n');
  });

  it('is the same for the same rows (deterministic)', () => {
    expect(renderKindRows(rows, common)).toBe(renderKindRows(structuredClone(rows), structuredClone(common)));
  });
});

describe('sinkCoverage', () => {
  it('counts the distinct sink names per language', () => {
    expect(sinkNameCount(rows, 'python')).toBe(14);
    expect(sinkNameCount(rows, 'javascript')).toBe(7);
    expect(sinkCoverage(rows)).toBe('Recognises 14 Python and 7 JavaScript/TypeScript sink APIs.');
    expect(sinkCoverage({ kind: 'code', sinks: rows.sinks.filter((r) => r.names.includes('fs.cp')), sanitizers: [] })).toBe(
      'Recognises 1 JavaScript/TypeScript sink API.',
    );
    expect(sinkCoverage({ kind: 'code', sinks: [], sanitizers: rows.sanitizers })).toBeUndefined();
  });

  it('is what each sink rule’s metadata carries, from its own kind’s rows', () => {
    expect(sinkRules.map((r) => [r.meta.id, r.meta.coverage])).toEqual(
      sinkRules.map((r) => [r.meta.id, sinkCoverage(KIND_ROWS.find((k) => k.kind === r.sinkKind)!)]),
    );
  });
});
