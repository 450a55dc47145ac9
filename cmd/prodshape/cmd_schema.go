package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/scenarios"
)

func init() { register("", newSchemaCmd) }

func newSchemaCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files, for editors to complete and check them",
		Example: `  prodshape schema > prodshape.schema.json
  # VS Code (YAML extension): "yaml.schemas": {"./prodshape.schema.json": "scenarios/*.yaml"}`,
		Args: cobraArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(scenarios.JSONSchema())
		},
	}
}
