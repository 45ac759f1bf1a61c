// Package checks runs a disclosure's own arithmetic on a normalized
// document: parents are sums of their children, totals are sums of their
// columns, a figure printed in several tables is the same in each, and the
// figures stated in the narrative are the tables' figures.
//
// Run appends one model.Issue (Kind model.IssueCheck) for each check that
// fails or cannot run, and fills the document summary's check counts. A check
// that passes writes nothing. Money is compared as exact decimals in yuan;
// the difference is reported as model.SevRounding when it is at most one
// unit of the last printed digit in the table's printed unit (0.01万元 =
// 100 yuan for a table printed in 万元 with two decimals, 0.01 yuan for one
// printed in 元), and as model.SevMismatch when it is larger. A check that
// needs a table the document does not have, or has empty, is
// model.SevSkipped, and its Message says which table and why.
//
// In an Issue, Expected is the reference figure (the printed parent or total,
// or the figure in the reference table), Found is the figure checked against
// it (the sum of the children, the other table's figure, the narrative's
// figure), and Difference is Found − Expected. All three are exact decimals
// in yuan, except for percentages (spend plans) and quantities (fixed
// assets), which are in their own units.
//
// Nulls (blank cells) count as 0 in sums; a check where the expected figure
// and every operand are null is not run and not counted.
package checks
