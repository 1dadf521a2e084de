import { describe, expect, it } from 'vitest'
import { painter } from '../../src/render/colour.ts'
import { fitTable, renderTable, type Column } from '../../src/render/table.ts'

const cols: Column[] = [
  { header: 'NAME', cells: ['alpha-long-name', 'b'], min: 8 },
  { header: 'WHERE', cells: ['https://example.com/x', 'y'], short: { header: 'AT', cells: () => ['example.com', 'y'] }, min: 6, dropRank: 1 },
  { header: 'NOTE', cells: ['a fairly long note', '-'], min: 10, dropRank: 2 },
  { header: 'STATE', cells: ['ok', 'bad'] },
]
const plain = painter(false)

describe('fitTable', () => {
  it('keeps everything whole when unlimited or when it fits', () => {
    const full = fitTable(cols, undefined)
    expect(full.widths).toEqual([15, 21, 18, 5])
    expect(fitTable(cols, 65)).toEqual(full)
  })

  it('uses short forms, then cuts the widest cuttable column first, never below its minimum', () => {
    const t = fitTable(cols, 50)
    expect(t.headers).toEqual(['NAME', 'AT', 'NOTE', 'STATE'])
    expect(t.widths).toEqual([14, 11, 14, 5])
    expect(t.cells).toEqual([
      ['alpha-long-na…', 'b'],
      ['example.com', 'y'],
      ['a fairly long…', '-'],
      ['ok', 'bad'],
    ])
  })

  it('drops columns by rank when the minimums do not fit', () => {
    expect(fitTable(cols, 30).headers).toEqual(['NAME', 'NOTE', 'STATE'])
    expect(fitTable(cols, 17).headers).toEqual(['NAME', 'STATE'])
  })

  it('goes down to the headers when narrower than every minimum', () => {
    const t = fitTable(cols, 11)
    expect(t.widths).toEqual([4, 5])
    expect(t.cells[0]).toEqual(['alp…', 'b'])
  })
})

describe('renderTable', () => {
  it('pads cells but leaves no trailing blanks', () => {
    expect(renderTable(cols, 17, plain)).toEqual(['NAME        STATE', 'alpha-lon…  ok', 'b           bad'])
  })

  it('styles cells and rows after fitting', () => {
    const lines = renderTable(cols, 17, painter(true), { cell: (_r, c) => (c === 3 ? 'red' : null), row: (r) => (r === 1 ? 'dim' : null) })
    expect(lines[1]).toBe('alpha-lon…  \x1b[31mok\x1b[0m')
    expect(lines[2]).toBe('\x1b[2mb\x1b[0m           \x1b[2;31mbad\x1b[0m')
  })
})
