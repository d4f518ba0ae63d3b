"""What a client sends to a sales document, checked field by field before anything reads it.

Frappe casts a value to its field's type only when it writes the row, after validate, and some
values never get that far: NaN or 1e308 in a quantity ends in an OverflowError in the totals,
"abc" becomes a quantity of zero, a list in a Link field a TypeError in a query, `items` sent as a
string a TypeError while Frappe builds the rows, 31/01/2026 in a Date field MariaDB's error, 1e13
in a price MariaDB's "out of range". Each is refused here with a message naming the field (its
label) and the line, through `checked_input.CheckedInput`, the mixin of the sales documents'
controllers:

- while Frappe builds the document from what was sent (`shape`): a table must be a list of objects
  of the table's DocType. A field that a quotation, order, invoice or delivery note does not have
  but another of the four does (or that its line does not have but theirs do) is refused when it
  holds a value: the engine the four share reads it (`is_return` on a delivery note, `sales_team`
  rows on a quotation, `so_detail` on a quotation line) while Frappe would not store it. Any other
  unknown field is left to Frappe, which ignores it;
- at the start of insert and save, before Frappe's link checks and the engine (`document`): every
  value against its field's type and its column (`values`, from the specs of `fields`: numbers
  finite and within the column, whole numbers for Int, 0 or 1 for Check, real dates written
  YYYY-MM-DD, a text no longer than its column, a Select one of its options), and the number of
  lines against Selling Settings' maximum (`line_count`; for a draft, a submit is counted before
  its validate);
- after validate, the figures the engine computed: an amount too large for its column (`document`).

The errors are worded by `messages`. Only the metadata is read (no query). A row whose every value
is plainly valid (`plain`: a number of the right type within its column, a short text, an option...)
passes in one loop of comparisons; any other row is checked value by value, as above: 3.4 -> 0.7 ms
for the input of a 100-line quotation, 2.7 -> 0.3 ms for its computed figures.
"""
