// What BuildKit's own Dockerfile parser and shell lexer read in each file named
// on the command line (paths relative to the working directory): every
// instruction's line, keyword, flags, argument words, JSON form and
// here-documents, and each argument word as the lexer processes it with no
// variables set. Printed as one JSON object; see read-corpus.sh.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

type heredoc struct {
	Name    string `json:"name"`
	FD      uint   `json:"fd"`
	Expand  bool   `json:"expand"`
	Chomp   bool   `json:"chomp"`
	Content string `json:"content"`
}

type instruction struct {
	Line     int       `json:"line"`
	EndLine  int       `json:"endLine"`
	Keyword  string    `json:"keyword"`
	Flags    []string  `json:"flags"`
	Args     []string  `json:"args"`
	JSON     bool      `json:"json"`
	Heredocs []heredoc `json:"heredocs"`
	// Each argument word through the shell lexer with no variables set (null where the lexer refuses it).
	Words []*string `json:"words"`
}

type reading struct {
	Escape       string        `json:"escape,omitempty"`
	Error        string        `json:"error,omitempty"`
	Instructions []instruction `json:"instructions,omitempty"`
}

func read(path string) reading {
	data, err := os.ReadFile(path)
	if err != nil {
		return reading{Error: err.Error()}
	}
	result, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return reading{Error: err.Error()}
	}
	lex := shell.NewLex(result.EscapeToken)
	out := reading{Escape: string(result.EscapeToken), Instructions: []instruction{}}
	for _, node := range result.AST.Children {
		in := instruction{
			Line:     node.StartLine,
			EndLine:  node.EndLine,
			Keyword:  strings.ToLower(node.Value),
			Flags:    append([]string{}, node.Flags...),
			Args:     []string{},
			JSON:     node.Attributes["json"],
			Heredocs: []heredoc{},
			Words:    []*string{},
		}
		for next := node.Next; next != nil; next = next.Next {
			in.Args = append(in.Args, next.Value)
			if word, err := lex.ProcessWord(next.Value, []string{}); err == nil {
				in.Words = append(in.Words, &word)
			} else {
				in.Words = append(in.Words, nil)
			}
		}
		for _, h := range node.Heredocs {
			in.Heredocs = append(in.Heredocs, heredoc{Name: h.Name, FD: h.FileDescriptor, Expand: h.Expand, Chomp: h.Chomp, Content: h.Content})
		}
		out.Instructions = append(out.Instructions, in)
	}
	return out
}

func main() {
	readings := map[string]reading{}
	for _, path := range os.Args[1:] {
		readings[path] = read(path)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(readings); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
