/**
 * deploy/kubernetes/ against the Kubernetes API schemas (kubernetes-models: types, enums, required
 * fields, formats), and against each other and the lab: names that refer to one another exist,
 * the lab accepts every setting the manifests give it, and the pods get what bubblewrap needs.
 * No cluster runs here: this is what can be checked without one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../server/config/index.ts';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/kubernetes');
const MODELS = { 'v1/Secret': Secret, 'v1/Service': Service, 'apps/v1/StatefulSet': StatefulSet, 'networking.k8s.io/v1/Ingress': Ingress } as const;

interface Doc {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [key: string]: unknown;
}

function manifests(): Doc[] {
  return readdirSync(DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((doc) => {
        if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
        return { ...(doc.toJS() as Omit<Doc, 'file'>), file } as Doc;
      }),
    );
}

const docs = manifests();
const find = <T>(kind: string, name: string) => docs.find((doc) => doc.kind === kind && doc.metadata.name === name) as unknown as T & Doc;
type Container = { name: string; ports: { name: string }[]; env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[]; envFrom: { secretRef: { name: string } }[]; securityContext: Record<string, unknown>; readinessProbe: { httpGet: { path: string; port: string } }; livenessProbe: { httpGet: { path: string; port: string } } };
type Pods = { spec: { serviceName: string; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { hostUsers?: boolean; containers: Container[] } } } };

describe('deploy/kubernetes', () => {
  it.each(docs.map((doc) => [`${doc.file}: ${doc.kind} ${doc.metadata.name}`, doc] as const))('%s passes the Kubernetes API schema', (_name, doc) => {
    const Model = MODELS[`${doc.apiVersion}/${doc.kind}` as keyof typeof MODELS];
    expect(Model, `no schema for ${doc.apiVersion} ${doc.kind}`).toBeDefined();
    const { file: _file, ...manifest } = doc;
    expect(() => new Model(manifest as never).validate()).not.toThrow();
  });

  it('lists only files that exist in kustomization.yaml, and every manifest but the optional PostgreSQL', () => {
    const kustomization = parseAllDocuments(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as { resources: string[] };
    const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.filter((file) => file !== 'postgres.yaml').sort());
  });

  it('runs the nodes as a StatefulSet behind a headless Service, selected by their own labels', () => {
    const lab = find<Pods>('StatefulSet', 'lab');
    const headless = find<{ spec: { clusterIP: string; selector: Record<string, string> } }>('Service', lab.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    expect(lab.spec.template.metadata.labels).toMatchObject(lab.spec.selector.matchLabels);
    expect(lab.spec.template.metadata.labels).toMatchObject(headless.spec.selector);
  });

  it('gives the container what bubblewrap needs (the compose file\u2019s relaxations) and no capability', () => {
    const container = find<Pods>('StatefulSet', 'lab').spec.template.spec.containers[0]!;
    expect(container.securityContext).toMatchObject({ seccompProfile: { type: 'Unconfined' }, appArmorProfile: { type: 'Unconfined' }, procMount: 'Unmasked' });
    expect(container.securityContext).not.toHaveProperty('privileged');
    expect(container.securityContext).not.toHaveProperty('capabilities');
    // An unmasked /proc is only allowed in a pod with a user namespace of its own.
    expect(find<Pods>('StatefulSet', 'lab').spec.template.spec.hostUsers).toBe(false);
  });

  it('names each node after its pod, reachable through the headless Service, and health-checks /healthz on a declared port', () => {
    const lab = find<Pods>('StatefulSet', 'lab');
    const container = lab.spec.template.spec.containers[0]!;
    const env = new Map(container.env.map((variable) => [variable.name, variable]));
    expect(env.get('LAB_NODE_ID')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    expect(env.get('LAB_NODE_URL')?.value).toContain(`.${lab.spec.serviceName}.`);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe.httpGet.path).toBe('/healthz');
      expect(container.ports.map((port) => port.name)).toContain(probe.httpGet.port);
    }
    for (const source of container.envFrom) expect(find('Secret', source.secretRef.name), `Secret ${source.secretRef.name}`).toBeDefined();
  });

  it('gives the lab only settings it accepts (the Secret and the environment, with the pod\u2019s fields filled in)', () => {
    const container = find<Pods>('StatefulSet', 'lab').spec.template.spec.containers[0]!;
    const secret = find<{ stringData: Record<string, string> }>('Secret', container.envFrom[0]!.secretRef.name);
    const env: Record<string, string> = { ...secret.stringData, LAB_NODE_ID: 'lab-0', POD_NAMESPACE: 'default' };
    for (const variable of container.env) if (variable.value !== undefined) env[variable.name] = variable.value.replace(/\$\((\w+)\)/g, (_all, name: string) => env[name] ?? '');
    const config = loadConfig(env);
    expect(config).toMatchObject({ nodeId: 'lab-0', nodeUrl: 'http://lab-0.registry-lab-nodes.default.svc.cluster.local:8080', host: '0.0.0.0', port: 8080, dataDir: '/data' });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    // Session uids stay inside the pod's 65,536-uid user namespace (session n uses BASE+2n and BASE+2n+1).
    expect(config.uidBase + 2 * config.maxSessions + 1).toBeLessThan(65_536);
  });

  it('routes the Ingress to a declared Service port, with cookie affinity and streams left unbuffered', () => {
    const ingress = find<{ metadata: { annotations: Record<string, string> }; spec: { rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[] } }>('Ingress', 'registry-lab');
    const backend = ingress.spec.rules[0]!.http.paths[0]!.backend.service;
    const service = find<{ spec: { ports: { name: string }[] } }>('Service', backend.name);
    expect(service.spec.ports.map((port) => port.name)).toContain(backend.port.name);
    expect(ingress.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/affinity': 'cookie', 'nginx.ingress.kubernetes.io/proxy-buffering': 'off' });
    expect(Number(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
  });
});
