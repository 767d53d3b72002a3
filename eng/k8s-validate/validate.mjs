// Validates every object of one or more multi-document YAML files against the Kubernetes API
// schemas (kubernetes-models) and Argo CD's CRD schemas (@kubernetes-models/argo-cd).
// Usage: node validate.mjs FILE...   Prints one JSON line per object; exits 1 if any fails.
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

const packages = { "argoproj.io": "@kubernetes-models/argo-cd" };

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const root = (group && packages[group]) || "kubernetes-models";
  const module = await import(group ? `${root}/${group}/${version}` : `${root}/${version}`);
  const model = module[kind];
  if (!model) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(await readFile(file, "utf8"))) {
    if (document.errors.length > 0) {
      console.log(JSON.stringify({ file, ok: false, error: document.errors.map(e => e.message).join("; ") }));
      failed = true;
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    // kustomize wraps long base64 values at 76 columns; the API server's decoder skips the line breaks.
    if (object.kind === "Secret" && object.data) {
      for (const key of Object.keys(object.data)) object.data[key] = String(object.data[key]).replace(/\s+/g, "");
    }
    const name = `${object.kind}/${object.metadata?.name}`;
    try {
      const Model = await modelFor(object.apiVersion, object.kind);
      new Model(object).validate();
      console.log(JSON.stringify({ file, object: name, ok: true }));
    } catch (error) {
      console.log(JSON.stringify({ file, object: name, ok: false, error: error.message }));
      failed = true;
    }
  }
}
process.exit(failed ? 1 : 0);
