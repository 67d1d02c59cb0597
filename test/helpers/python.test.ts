// The reference-test gate: a skip reason naming the Debian package on a Node-only machine, a failure under CI.
import { describe, expect, it } from 'vitest';
import { PYTHON, probePython, referenceSkip } from './python';

const lacking = (...missing: string[]) => (modules: string[]) => modules.filter((m) => missing.includes(m));

describe('referenceSkip', () => {
  it('is null when every module is found', () => {
    expect(referenceSkip(['torch', 'PIL'], {}, lacking())).toBeNull();
  });

  it('names the Debian package of each missing module once, on one line', () => {
    const why = referenceSkip(['torch', 'scipy', 'scipy.ndimage', 'PIL'], {}, lacking('scipy', 'scipy.ndimage', 'PIL'))!;
    expect(why).toBe(`${PYTHON} lacks python3-scipy, python3-pil (apt-get install python3-scipy python3-pil)`);
    expect(why).not.toContain('\n');
    expect(why).not.toContain('torch');
  });

  it('names a module it has no package for', () => {
    expect(referenceSkip(['frob'], {}, lacking('frob'))).toBe(`${PYTHON} lacks the Python module frob`);
  });

  it('fails instead of skipping under HEBB_REQUIRE_REFERENCES=1', () => {
    expect(() => referenceSkip(['onnx'], { HEBB_REQUIRE_REFERENCES: '1' }, lacking('onnx'))).toThrow(/HEBB_REQUIRE_REFERENCES=1 but .*python3-onnx/);
    expect(referenceSkip(['onnx'], { HEBB_REQUIRE_REFERENCES: '1' }, lacking())).toBeNull();
  });
});

describe('probePython', () => {
  it('reports a module no interpreter has, and everything when the interpreter is absent', () => {
    expect(probePython(['hebb_no_such_module_x'])).toEqual(['hebb_no_such_module_x']);
    expect(probePython(['json', 'hebb_no_such_module_x'])).toEqual(['hebb_no_such_module_x']);
  });
});
