// Package analysis grades what a run (or any external lake, topic or graph)
// produced: it holds the result model written as result.json, parses and
// evaluates goals, and decides the verdict. Analyzers for lakes, topics and
// graphs live in subpackages; metrics is the leaf every package may use.
package analysis
