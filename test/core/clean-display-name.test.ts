import { cleanDisplayName, extractFirstName } from '../../src/core/clean-display-name';

describe('extractFirstName', () => {
  it.each([
    ['Ann Smith', 'ann@example.org', 'Ann'],
    ['Doe, Jane', '', 'Jane'],
    ['Doe, Jane Marie', '', 'Jane'],
    ['Jane Doe, PhD', '', 'Jane'],
    ['Dr. Ann Smith', '', 'Ann'],
    ['Prof Ann Smith', '', 'Ann'],
    ['Dr. Smith', '', ''],
    ['J. Robert Smith', '', 'Robert'],
    ['J. Smith', '', ''],
    ['ANN SMITH', '', 'Ann'],
    ['jean-luc picard', '', 'Jean-Luc'],
    ["o'brien", 'pat@example.org', "O'Brien"],
    ['McKenzie Jones', '', 'McKenzie'],
    ['"Ann Smith"', '', 'Ann'],
    ["'Ann Smith' (Acme)", '', 'Ann'],
    ['[EXT] Ann Smith', '', 'Ann'],
    ['Zoë Ångström', '', 'Zoë'],
    ['  Ann\t Smith ', '', 'Ann'],
    ['', 'ann@example.org', ''],
    ['ann@example.org', 'ann@example.org', ''],
    ["'ann.smith@example.org'", 'ann.smith@example.org', ''],
    ['jsmith', 'jsmith@example.org', ''],
    ['ann.smith', 'ann.smith@example.org', ''],
    ['Acme Support', '', ''],
    ['The Sales Team', '', ''],
    ['Acme, Inc.', '', ''],
    ['Ann2 Smith', '', ''],
    ['J', '', ''],
    ['???', '', ''],
    ['{{greeting}}', '', ''],
    ["=cmd|' /C calc'!A0", '', ''],
    ['<script>alert(1)</script>', '', ''],
  ])('%j → %j', (name, email, expected) => {
    expect(extractFirstName(name, email)).toBe(expected);
  });
});

describe('cleanDisplayName', () => {
  it.each([
    ['Doe, Jane', 'Jane Doe'],
    ['Jane Doe, PhD', 'Jane Doe, PhD'],
    ['"Ann  Smith" (Acme)', 'Ann Smith'],
    ['ann@example.org', ''],
    ['---', ''],
    ['Ann\u202Ehtims', 'Ann htims'],
  ])('%j → %j', (raw, expected) => {
    expect(cleanDisplayName(raw)).toBe(expected);
  });
});
