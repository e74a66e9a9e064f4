// Package rulebook holds the jurisdictions' rules as the product applies them: the
// rulebooks (mandatory sites, private spaces, who may build where, signage, retention,
// filing, duties, penalties, approval stages, validity dates), the national baseline they
// are layered over (EffectiveRules), the taxonomy of categories and spaces, citations and
// dates, and the validation a rulebook passes when it is loaded. Every rule cites its
// article.
//
// It imports only the standard library and internal/fault; it does no I/O (data/rules reads
// the rulebook files).
package rulebook
