import { FakeRuntime, FakeSpreadsheetApp, WORDING } from '../fakes';

function app(opts: ConstructorParameters<typeof FakeSpreadsheetApp>[1] = {}): { rt: FakeRuntime; sheets: FakeSpreadsheetApp } {
  const rt = new FakeRuntime({ start: '2024-06-01T12:00:00Z' });
  return { rt, sheets: new FakeSpreadsheetApp(rt, { timeZone: 'America/New_York', ...opts }) };
}

describe('FakeSpreadsheetApp files', () => {
  it('creates a spreadsheet with one 1000x26 sheet that openById finds again', () => {
    const { sheets } = app();
    const ss = sheets.create('Reconnect');
    expect(ss.getName()).toBe('Reconnect');
    expect(ss.getUrl()).toBe(`https://docs.google.com/spreadsheets/d/${ss.getId()}/edit`);
    const sheet = ss.getSheets()[0];
    expect(sheet?.getName()).toBe('Sheet1');
    expect([sheet?.getMaxRows(), sheet?.getMaxColumns()]).toEqual([1000, 26]);
    expect(sheets.openById(ss.getId()).getName()).toBe('Reconnect');
    expect(sheets.openByUrl(ss.getUrl()).getId()).toBe(ss.getId());
  });

  it('a permanently deleted file fails openById with the Apps Script wording; a trashed one still opens', () => {
    const { sheets } = app();
    const a = sheets.create('A');
    const b = sheets.create('B');
    sheets.trash(a.getId());
    expect(sheets.openById(a.getId()).getName()).toBe('A');
    expect(sheets.isTrashed(a.getId())).toBe(true);
    const bId = b.getId();
    sheets.deletePermanently(bId);
    expect(() => sheets.openById(bId)).toThrow(
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
    expect(() => b.getSheets()).toThrow(/is missing \(perhaps it was deleted/);
    expect(() => sheets.openById('nope')).toThrow(WORDING.openByIdFailed);
  });

  it('insertSheet, getSheetByName, setName and deleteSheet keep names unique', () => {
    const { sheets } = app();
    const ss = sheets.create('X');
    const contacts = ss.insertSheet('Contacts');
    expect(ss.getSheetByName('contacts')?.getSheetId()).toBe(contacts.getSheetId());
    expect(() => ss.insertSheet('Contacts')).toThrow('A sheet with the name "Contacts" already exists. Please enter another name.');
    contacts.setName('People');
    expect(ss.getSheetByName('Contacts')).toBeNull();
    ss.deleteSheet(ss.getSheetByName('Sheet1') as NonNullable<ReturnType<typeof ss.getSheetByName>>);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['People']);
    expect(() => ss.deleteSheet(contacts)).toThrow("You can't remove all the sheets in a document.");
  });

  it('enforces the 10,000,000-cell workbook limit', () => {
    const { sheets } = app();
    const ss = sheets.create('Big', 383_000, 26);
    expect(sheets.cellCount(ss.getId())).toBe(9_958_000);
    ss.insertSheet('Fits'); // 26,000 more cells: 9,984,000.
    expect(() => ss.insertSheet('Too many')).toThrow(WORDING.workbookCellLimit);
    ss.getSheetByName('Fits')?.insertRows(1, 600); // 9,999,600.
    expect(() => ss.getSheetByName('Fits')?.insertRows(1, 100)).toThrow(
      'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
    );
  });
});

describe('FakeSpreadsheetApp values', () => {
  it('setValues requires exact dimensions, with Google wording', () => {
    const { sheets } = app();
    const range = sheets.create('X').getSheets()[0]?.getRange(1, 1, 2, 3);
    expect(() => range?.setValues([[1, 2, 3]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => range?.setValues([[1, 2, 3], [4, 5]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
  });

  it('stores "=..." as a formula unless the cell is formatted as plain text', () => {
    const { sheets } = app();
    const sheet = sheets.create('X').getSheets()[0];
    const r = sheet?.getRange('A1:C1');
    r?.setValues([['=HYPERLINK("http://evil")', "'=1+1", 'plain']]);
    expect(r?.getFormulas()).toEqual([['=HYPERLINK("http://evil")', '', '']]);
    expect(r?.getValues()).toEqual([['', '=1+1', 'plain']]);
    const text = sheet?.getRange('A2:B2');
    text?.setNumberFormat('@');
    text?.setValues([['=IMPORTXML("x")', '+1 555 0100']]);
    expect(text?.getFormulas()).toEqual([['', '']]);
    expect(text?.getValues()).toEqual([['=IMPORTXML("x")', '+1 555 0100']]);
  });

  it('treats non-numeric text starting with + or - as a formula (Sheets input parsing)', () => {
    const { sheets } = app();
    const r = sheets.create('X').getSheets()[0]?.getRange('A1:C1');
    r?.setValues([['-cmd', '-42', '+1.5']]);
    expect(r?.getFormulas()).toEqual([['=-cmd', '', '']]);
    expect(r?.getValues()).toEqual([['', -42, 1.5]]);
    const { sheets: lenient } = app({ signedTextIsFormula: false });
    const r2 = lenient.create('Y').getSheets()[0]?.getRange('A1');
    r2?.setValues([['-cmd']]);
    expect(r2?.getFormulas()).toEqual([['']]);
  });

  it('parses numbers, booleans, percents and dates as Sheets does, and evaluates formulas on request', () => {
    const { sheets } = app({ formulaEvaluator: (f) => (f === '=1+1' ? 2 : '#NAME?') });
    const r = sheets.create('X').getSheets()[0]?.getRange('A1:F1');
    r?.setValues([['42', 'TRUE', '50%', '2024-03-05', '=1+1', 'hello']]);
    const [row] = r?.getValues() ?? [];
    expect(row?.slice(0, 3)).toEqual([42, true, 0.5]);
    expect(row?.[3]).toEqual(new Date('2024-03-05T05:00:00Z')); // Midnight in New York.
    expect(row?.slice(4)).toEqual([2, 'hello']);
    expect(r?.getDisplayValues()).toEqual([['42', 'TRUE', '0.5', '3/5/2024', '2', 'hello']]);
  });

  it('refuses more than 50,000 characters in a cell and writes nothing', () => {
    const { sheets } = app();
    const r = sheets.create('X').getSheets()[0]?.getRange('A1:B1');
    expect(() => r?.setValues([['ok', 'x'.repeat(50_001)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect(r?.getValues()).toEqual([['', '']]);
    r?.setValues([['x'.repeat(50_000), '']]);
  });

  it('keeps number formats, font weights, backgrounds and notes per cell', () => {
    const { sheets } = app();
    const sheet = sheets.create('X').getSheets()[0];
    const r = sheet?.getRange(1, 1, 1, 2);
    r?.setNumberFormats([['0.00', '#,##0']]).setValues([[3.14159, 1234567]]);
    expect(r?.getDisplayValues()).toEqual([['3.14', '1,234,567']]);
    r?.setFontWeight('bold').setBackground('#ff0000').setNotes([['first', null]]);
    expect(r?.getFontWeights()).toEqual([['bold', 'bold']]);
    expect(r?.getBackgrounds()).toEqual([['#ff0000', '#ff0000']]);
    expect(r?.getNotes()).toEqual([['first', '']]);
    r?.clearContent();
    expect(r?.getValues()).toEqual([['', '']]);
    expect(r?.getNumberFormats()).toEqual([['0.00', '#,##0']]);
  });

  it('stores data validation rules as data', () => {
    const { sheets } = app();
    const r = sheets.create('X').getSheets()[0]?.getRange('C2:C10');
    const rule = sheets.newDataValidation().requireValueInList(['Yes', 'No'], true).setAllowInvalid(false).setHelpText('Pick one').build();
    r?.setDataValidation(rule);
    const got = r?.getDataValidations()[3]?.[0];
    expect(got?.toJSON()).toEqual({ criteria: 'VALUE_IN_LIST', values: [['Yes', 'No'], true], allowInvalid: false, helpText: 'Pick one' });
    expect(String(got?.getCriteriaType())).toBe(String(sheets.DataValidationCriteria.VALUE_IN_LIST));
  });

  it('reports last row/column, data range and A1 notation', () => {
    const { sheets } = app();
    const sheet = sheets.create('X').getSheets()[0];
    expect(sheet?.getLastRow()).toBe(0);
    sheet?.getRange('B2:C3').setValues([
      [1, 2],
      [3, ''],
    ]);
    expect([sheet?.getLastRow(), sheet?.getLastColumn()]).toEqual([3, 3]);
    expect(sheet?.getDataRange().getA1Notation()).toBe('A1:C3');
    expect(() => sheet?.getRange(1001, 1)).toThrow(WORDING.rangeOutsideSheet);
    expect(() => sheet?.getRange(0, 1)).toThrow('The starting row of the range is too small.');
  });
});

describe('FakeSpreadsheetApp sheet structure', () => {
  function grid(): NonNullable<ReturnType<ReturnType<FakeSpreadsheetApp['create']>['getSheetByName']>> {
    const { sheets } = app();
    const sheet = sheets.create('X').getSheets()[0];
    if (!sheet) throw new Error('no sheet');
    sheet.getRange('A1:B4').setValues([
      ['Name', 'Score'],
      ['Cy', 2],
      ['Al', 10],
      ['Bo', ''],
    ]);
    return sheet;
  }

  it('sorts below the frozen rows, blanks last', () => {
    const sheet = grid();
    sheet.setFrozenRows(1);
    sheet.sort(2, false);
    expect(sheet.getRange('A1:A4').getValues().flat()).toEqual(['Name', 'Al', 'Cy', 'Bo']);
    sheet.sort(1);
    expect(sheet.getRange('A2:A4').getValues().flat()).toEqual(['Al', 'Bo', 'Cy']);
  });

  it('inserts and deletes rows and columns, moving the data', () => {
    const sheet = grid();
    sheet.insertColumnBefore(1);
    expect(sheet.getRange('A1:C1').getValues()).toEqual([['', 'Name', 'Score']]);
    sheet.deleteRow(2);
    expect(sheet.getRange('B2:B3').getValues().flat()).toEqual(['Al', 'Bo']);
    sheet.insertRows(2, 2);
    expect(sheet.getRange('B4').getValue()).toBe('Al');
    sheet.deleteRows(2, 2);
    expect(sheet.getMaxRows()).toBe(999);
    expect(sheet.getMaxColumns()).toBe(27);
  });

  it('creates one filter per sheet and remembers column widths', () => {
    const sheet = grid();
    expect(sheet.getFilter()).toBeNull();
    sheet.getDataRange().createFilter();
    expect(sheet.getFilter()?.getRange().getA1Notation()).toBe('A1:B4');
    expect(() => sheet.getRange('A1').createFilter()).toThrow(/already has a filter/);
    sheet.setColumnWidths(1, 2, 240);
    expect(sheet.getColumnWidth(2)).toBe(240);
    expect(sheet.getColumnWidth(3)).toBe(100);
  });

  it('hides sheets but never the last visible one', () => {
    const sheet = grid();
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    const ledger = sheet.getParent().insertSheet('Ledger').hideSheet();
    expect(ledger.isSheetHidden()).toBe(true);
    expect(sheet.isSheetHidden()).toBe(false);
  });

  it('clear and clearContents empty the sheet', () => {
    const sheet = grid();
    sheet.clearContents();
    expect(sheet.getLastRow()).toBe(0);
  });

  it('leaves out what no adapter uses: a call to it does not compile, and fails at once if forced', () => {
    const sheet = grid();
    // The fake implements the ports in src/gas/spreadsheet-ports.ts, not all of Sheet and Range.
    // @ts-expect-error protect is not part of SheetPort
    expect(() => sheet.protect()).toThrow(TypeError);
    // @ts-expect-error merge is not part of RangePort
    expect(() => sheet.getRange('A1').merge()).toThrow(TypeError);
  });
});
