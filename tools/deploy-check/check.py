"""Offline checks of docker/ and k8s/ (run through run.sh, which installs the tools).

1. every k8s overlay renders with kustomize;
2. every rendered object validates against the Kubernetes JSON schemas (strict);
3. platform rules: probes, resources, hardened security contexts, a PDB and an
   HPA per Deployment, no Secret objects in git; the Ingress routes every
   public path of the gateway and not /.well-known/revocations.json; compose
   publishes ports on 127.0.0.1 only;
4. docker/compose.yaml validates against the Compose specification schema;
5. docker/Dockerfile passes hadolint;
6. every environment variable a service reads (apps/<svc>/src and libs/, tests
   excluded) is provided to it by compose and by every overlay;
7. secrets per service: a database user and password, a Kafka user, and a
   personal-data key (permits, complaints, training only) of its own; Kafka is
   reached over SASL_SSL only, and the ACLs let each service write only its
   own topic (and the dead-letter topics of what it consumes);
8. monitoring: promtool checks the alert rules (and the scrape job with them)
   and runs their unit tests; every metric an alert, recording rule or
   dashboard panel reads is exported by the code (or is Prometheus's `up`, or
   a recording rule); every dashboard panel names in its description the
   metrics it reads; the dashboard ConfigMap carries the Grafana sidecar label.
Exits 1 listing every failure.
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

SERVICES = ["gateway", "permits", "complaints", "training", "accountability", "webhooks"]
OVERLAYS = ["dev", "production"]
KUBERNETES_VERSION = "1.33.0"
ENV_PATTERNS = [
    re.compile(r"\benv\.([A-Z][A-Z0-9_]*)\b"),  # env.X and process.env.X
    re.compile(r"\benv\[\s*['\"]([A-Z][A-Z0-9_]*)['\"]\s*\]"),  # env['X']
    re.compile(r"\(\s*env\s*,\s*['\"]([A-Z][A-Z0-9_]*)['\"]"),  # helper(env, 'X')
]

failures: list[str] = []


def fail(message: str) -> None:
    failures.append(message)
    print(f"  FAIL {message}")


def step(title: str):
    print(f"== {title}")
    return time.monotonic()


def done(started: float) -> None:
    print(f"   ({time.monotonic() - started:.1f} s)")


def source_files(root: Path, folder: str):
    for path in sorted((root / folder).rglob("*.ts")):
        text = str(path)
        if path.name.endswith((".spec.ts", ".d.ts", ".check.ts")) or "/testing/" in text or "/node_modules/" in text:
            continue
        yield path


def variables_read(root: Path, exemptions: dict) -> dict[str, dict[str, str]]:
    """service -> {variable: where it is read}."""
    def scan(folder: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for path in source_files(root, folder):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                for pattern in ENV_PATTERNS:
                    for name in pattern.findall(line):
                        found.setdefault(name, f"{path.relative_to(root)}:{number}")
        return found

    shared = scan("libs")
    needed = {}
    for service in SERVICES:
        own = {**shared, **scan(f"apps/{service}/src")}
        needed[service] = {
            name: where
            for name, where in own.items()
            if service not in exemptions.get(name, {}).get("services", []) and not exemptions.get(name, {}).get("optional")
        }
    return needed


def render_overlays(args, root: Path, out: Path) -> dict[str, list[dict]]:
    rendered = {}
    for overlay in OVERLAYS:
        target = out / f"{overlay}.yaml"
        result = subprocess.run([args.kustomize, "build", str(root / "k8s" / "overlays" / overlay)], capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"k8s/overlays/{overlay}: kustomize build failed: {result.stderr.strip()}")
            continue
        target.write_text(result.stdout)
        rendered[overlay] = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
        print(f"   k8s/overlays/{overlay}: {len(rendered[overlay])} objects")
    return rendered


def validate_schemas(args, out: Path, rendered: dict) -> None:
    for overlay in rendered:
        result = subprocess.run(
            [args.kubernetes_validate, "--strict", "--quiet", "-k", KUBERNETES_VERSION, str(out / f"{overlay}.yaml")],
            capture_output=True, text=True,
        )
        errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("ERROR", "WARN"))]
        for line in errors:
            fail(f"k8s/overlays/{overlay}: {line.replace(str(out) + '/', '')}")
        if result.returncode != 0 and not errors:
            fail(f"k8s/overlays/{overlay}: kubernetes-validate exited {result.returncode}: {result.stderr.strip()[-2000:]}")


def pod_spec(obj: dict) -> dict | None:
    if obj["kind"] in ("Deployment", "Job"):
        return obj["spec"]["template"]["spec"]
    return None


def check_rules(overlay: str, objects: list[dict], gateway_paths: set[str]) -> None:
    kinds = {(o["kind"], o["metadata"]["name"]) for o in objects}
    where = f"k8s/overlays/{overlay}"
    for obj in objects:
        kind, name = obj["kind"], obj["metadata"]["name"]
        if kind == "Secret":
            fail(f"{where}: Secret/{name} is in git; reference secrets, never commit them")
        spec = pod_spec(obj)
        if spec is None:
            continue
        if not spec.get("securityContext", {}).get("runAsNonRoot"):
            fail(f"{where}: {kind}/{name}: pod securityContext.runAsNonRoot must be true")
        mounts_tmp = False
        for container in spec["containers"]:
            label = f"{kind}/{name} container {container['name']}"
            context = container.get("securityContext", {})
            if context.get("allowPrivilegeEscalation") is not False:
                fail(f"{where}: {label}: allowPrivilegeEscalation must be false")
            if context.get("readOnlyRootFilesystem") is not True:
                fail(f"{where}: {label}: readOnlyRootFilesystem must be true")
            if "ALL" not in context.get("capabilities", {}).get("drop", []):
                fail(f"{where}: {label}: capabilities must drop ALL")
            resources = container.get("resources", {})
            for section in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in resources.get(section, {}):
                        fail(f"{where}: {label}: resources.{section}.{resource} is missing")
            mounts_tmp = mounts_tmp or any(m.get("mountPath") == "/tmp" for m in container.get("volumeMounts", []))
            if kind == "Deployment":
                for probe, path in (("startupProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
                    got = container.get(probe, {}).get("httpGet", {}).get("path")
                    if got != path:
                        fail(f"{where}: {label}: {probe} must GET {path} (has {got})")
        if not mounts_tmp:
            fail(f"{where}: {kind}/{name}: no writable /tmp (emptyDir) with a read-only root filesystem")
        if kind == "Deployment":
            for needed in ("PodDisruptionBudget", "HorizontalPodAutoscaler", "Service"):
                if (needed, name) not in kinds:
                    fail(f"{where}: Deployment/{name} has no {needed}")
            check_metrics_port(where, obj)
    ingresses = [o for o in objects if o["kind"] == "Ingress"]
    for ingress in ingresses:
        backends = {p["backend"]["service"]["name"] for rule in ingress["spec"].get("rules", []) for p in rule["http"]["paths"]}
        if backends - {"gateway"}:
            fail(f"{where}: Ingress/{ingress['metadata']['name']} exposes {sorted(backends - {'gateway'})}; only the gateway may be reachable from outside")
    check_ingress_paths(where, ingresses, gateway_paths)
    if ("NetworkPolicy", "default-deny-all") not in kinds:
        fail(f"{where}: no default-deny-all NetworkPolicy")
    for service in (o for o in objects if o["kind"] == "Service"):
        for port in service["spec"].get("ports", []):
            if port.get("targetPort") in ("metrics", METRICS_PORT):
                fail(f"{where}: Service/{service['metadata']['name']} exposes the metrics port; only Prometheus may reach it, directly")
    for ingress in ingresses:
        for rule in ingress["spec"].get("rules", []):
            for path in rule["http"]["paths"]:
                if path["backend"]["service"].get("port", {}).get("name", "http") != "http":
                    fail(f"{where}: Ingress/{ingress['metadata']['name']} must route to the gateway's http port only")
    allowed = [
        rule
        for policy in objects
        if policy["kind"] == "NetworkPolicy"
        for rule in policy["spec"].get("ingress", [])
        if any(p.get("port") == METRICS_PORT for p in rule.get("ports", []))
    ]
    if not allowed:
        fail(f"{where}: no NetworkPolicy lets the monitoring namespace reach port {METRICS_PORT}")
    for rule in allowed:
        sources = rule.get("from", [])
        if not sources or any(source.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name") != "monitoring" for source in sources):
            fail(f"{where}: port {METRICS_PORT} (metrics) may be reached only from the monitoring namespace")


METRICS_PORT = 9464
# For the services only, read in the cluster at GATEWAY_URL: the ingress must not route it.
INTERNAL_GATEWAY_PATHS = ["/.well-known/revocations.json"]
# Public, and not found by the scan of the gateway's controllers below.
# Served by the gateway but not from a controller of apps/gateway/src (the OpenAPI UI and document, the shared probes), so listed here.
PUBLIC_GATEWAY_PATHS = ["/.well-known/jwks.json", "/oauth/token", "/docs", "/docs-json", "/health/live", "/health/ready"]


def ingress_routes(path: dict, url: str) -> bool:
    """Whether an Ingress path sends the request path url to its backend (Kubernetes path matching)."""
    declared = path.get("path", "/")
    if path.get("pathType") == "Exact":
        return url == declared
    if path.get("pathType") == "Prefix":
        prefix = declared.rstrip("/")
        return prefix == "" or url == prefix or url.startswith(prefix + "/")
    return url.startswith(declared)  # ImplementationSpecific (nginx): a plain prefix, at the least


def gateway_top_level_paths(root: Path) -> set[str]:
    """/<first segment> of every controller of the gateway except /.well-known: each must be routed by the ingress."""
    found = set()
    for path in source_files(root, "apps/gateway/src"):
        text = path.read_text()
        for match in re.finditer(r"@Controller\(\s*['\"]/?([^/'\"]+)", text):
            if match.group(1) != ".well-known":
                found.add(f"/{match.group(1)}")
        # A root controller (@Controller() with literal routes, e.g. /asyncapi.json); the forwarded operations' generic
        # controller registers /v1 routes from a table, never literal ones.
        if re.search(r"@Controller\(\s*\)", text):
            for match in re.finditer(r"@(?:Get|Post|Head)\(\s*['\"]/?([^/'\"]+)", text):
                found.add(f"/{match.group(1)}")
    return found


def check_ingress_paths(where: str, ingresses: list[dict], gateway_paths: set[str]) -> None:
    """The gateway's internal paths are not routed from outside; its public ones are."""
    paths = [p for ingress in ingresses for rule in ingress["spec"].get("rules", []) for p in rule["http"]["paths"]]
    for ingress in ingresses:
        if ingress["spec"].get("defaultBackend"):
            fail(f"{where}: Ingress/{ingress['metadata']['name']} has a defaultBackend; route the gateway's public paths only")
    for url in INTERNAL_GATEWAY_PATHS:
        if any(ingress_routes(p, url) for p in paths):
            fail(f"{where}: the Ingress routes {url}, which is for the services only (they read it at GATEWAY_URL)")
    for url in sorted(gateway_paths | set(PUBLIC_GATEWAY_PATHS)):
        if not any(ingress_routes(p, url) for p in paths):
            fail(f"{where}: the Ingress does not route {url}, a public path of the gateway (k8s/base/ingress.yaml)")


def check_metrics_port(where: str, deployment: dict) -> None:
    """Prometheus finds the pod by its annotations, on the container's metrics port (METRICS_PORT)."""
    name = deployment["metadata"]["name"]
    annotations = deployment["spec"]["template"]["metadata"].get("annotations", {})
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
    if annotations.get("prometheus.io/scrape") != "true" or annotations.get("prometheus.io/port") != str(METRICS_PORT):
        fail(f"{where}: Deployment/{name}: pod template needs prometheus.io/scrape \"true\" and prometheus.io/port \"{METRICS_PORT}\"")
    if ports.get("metrics") != METRICS_PORT:
        fail(f"{where}: Deployment/{name}: container needs a port named metrics on {METRICS_PORT}")


def k8s_env(objects: list[dict], obj: dict) -> set[str]:
    config_maps = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ConfigMap"}
    provided: set[str] = set()
    container = pod_spec(obj)["containers"][0]
    provided.update(e["name"] for e in container.get("env", []))
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef")
        if ref:
            config_map = config_maps.get(ref["name"])
            if config_map is None:
                fail(f"{obj['kind']}/{obj['metadata']['name']}: envFrom names ConfigMap {ref['name']}, which is not in the overlay")
            else:
                provided.update(config_map.get("data", {}))
    return provided


def compose_env(service: dict) -> set[str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return {item.split("=", 1)[0] for item in environment}
    return set(environment)


MIGRATE_COMMAND = ["node", "/app/service/main.js", "migrate"]


def is_migration(target_name: str) -> bool:
    return target_name.endswith("-migrate")


def check_environment(root: Path, needed: dict, compose: dict | None, rendered: dict, exemptions: dict) -> None:
    for service, variables in needed.items():
        targets = []
        if compose is not None:
            for name in (service, f"{service}-migrate"):
                if name not in compose.get("services", {}):
                    fail(f"docker/compose.yaml: no service {name}")
                else:
                    targets.append((f"docker/compose.yaml service {name}", compose_env(compose["services"][name])))
                    if is_migration(name) and compose["services"][name].get("command") != MIGRATE_COMMAND:
                        fail(f"docker/compose.yaml service {name}: command must be {MIGRATE_COMMAND}")
        for overlay, objects in rendered.items():
            workloads = [o for o in objects if o["kind"] in ("Deployment", "Job") and o["metadata"].get("labels", {}).get("app.kubernetes.io/name") == service]
            if not any(o["kind"] == "Deployment" for o in workloads):
                fail(f"k8s/overlays/{overlay}: no Deployment for {service}")
            if not any(o["kind"] == "Job" for o in workloads):
                fail(f"k8s/overlays/{overlay}: no migration Job for {service}")
            targets += [(f"k8s/overlays/{overlay} {o['kind']}/{o['metadata']['name']}", k8s_env(objects, o)) for o in workloads]
            for job in (o for o in workloads if o["kind"] == "Job"):
                if pod_spec(job)["containers"][0].get("command") != MIGRATE_COMMAND:
                    fail(f"k8s/overlays/{overlay}: Job/{job['metadata']['name']}: command must be {MIGRATE_COMMAND}")
        for target, provided in targets:
            if is_migration(target):
                for variable in sorted(v for v in provided if exemptions.get(v, {}).get("neverForMigrate")):
                    fail(f"{target}: a migration must not receive {variable} ({exemptions[variable]['neverForMigrate']})")
            for variable, where in sorted(variables.items()):
                if is_migration(target) and exemptions.get(variable, {}).get("notForMigrate"):
                    continue
                if variable not in provided:
                    fail(f"{target}: {service} reads {variable} ({where}) but it is not provided")


PERSONAL_DATA_SERVICES = ["permits", "complaints", "training"]
KAFKA_SETUP = Path("k8s/base/kafka/kafka-setup.sh")
KAFKA_START = Path("docker/kafka/start-kafka.sh")
# What each service's Kafka user may do: write its own topic, read what it consumes, write those topics' dead-letter topics.
# What each service consumes; permits its own topic too, for the working-day calendar events it hosts.
CONSUMES = {"gateway": [], "permits": ["permits.events"], "complaints": ["permits.events"], "training": ["accountability.events"],
            "accountability": ["permits.events", "complaints.events", "training.events"],
            "webhooks": ["permits.events", "complaints.events", "training.events", "accountability.events"]}
# Services that publish to no topic of their own.
PUBLISHES_NOTHING = {"gateway", "webhooks"}


def secret_name(container: dict, variable: str) -> str | None:
    for entry in container.get("env", []):
        if entry["name"] == variable:
            return entry.get("valueFrom", {}).get("secretKeyRef", {}).get("name")
    return None


def env_value(container: dict, variable: str) -> str | None:
    for entry in container.get("env", []):
        if entry["name"] == variable:
            return entry.get("value")
    return None


def check_k8s_secrets(overlay: str, objects: list[dict]) -> None:
    where = f"k8s/overlays/{overlay}"
    config = next((o.get("data", {}) for o in objects if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("platform-config")), {})
    if config.get("KAFKA_TLS") != "true" or config.get("KAFKA_SASL_MECHANISM") != "SCRAM-SHA-512":
        fail(f"{where}: platform-config must set KAFKA_TLS=true and KAFKA_SASL_MECHANISM=SCRAM-SHA-512 (SASL_SSL)")
    seen: dict[str, dict[str, str]] = {"DATABASE_URL": {}, "KAFKA_SASL_PASSWORD": {}, "PERSONAL_DATA_KEY": {}}
    for service in SERVICES:
        deployment = next((o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"] == service), None)
        if deployment is None:
            continue
        container = pod_spec(deployment)["containers"][0]
        label = f"{where}: Deployment/{service}"
        if env_value(container, "KAFKA_SASL_USERNAME") != service:
            fail(f"{label}: KAFKA_SASL_USERNAME must be {service} (its own Kafka user)")
        for variable, expected in (("DATABASE_URL", f"{service}-database"), ("KAFKA_SASL_PASSWORD", f"{service}-kafka")):
            name = secret_name(container, variable)
            if name != expected:
                fail(f"{label}: {variable} must come from the Secret {expected} (has {name})")
        personal = secret_name(container, "PERSONAL_DATA_KEY")
        if service in PERSONAL_DATA_SERVICES and personal != f"{service}-personal-data":
            fail(f"{label}: PERSONAL_DATA_KEY must come from the Secret {service}-personal-data (has {personal})")
        if service not in PERSONAL_DATA_SERVICES and any(e["name"] == "PERSONAL_DATA_KEY" for e in container.get("env", [])):
            fail(f"{label}: keeps no personal data and must not receive PERSONAL_DATA_KEY")
        for variable in seen:
            name = secret_name(container, variable)
            if name and name in seen[variable]:
                fail(f"{label}: {variable} shares the Secret {name} with {seen[variable][name]}")
            elif name:
                seen[variable][name] = service


def check_compose_secrets(compose: dict) -> None:
    services = compose.get("services", {})
    seen: dict[str, dict[str, str]] = {"DATABASE_URL": {}, "KAFKA_SASL_PASSWORD": {}, "PERSONAL_DATA_KEY": {}}
    for service in SERVICES:
        environment = services.get(service, {}).get("environment") or {}
        label = f"docker/compose.yaml service {service}"
        if str(environment.get("KAFKA_TLS")) != "true" or environment.get("KAFKA_SASL_MECHANISM") != "SCRAM-SHA-512":
            fail(f"{label}: Kafka must be reached over SASL_SSL (KAFKA_TLS true, KAFKA_SASL_MECHANISM SCRAM-SHA-512)")
        if environment.get("KAFKA_SASL_USERNAME") != service:
            fail(f"{label}: KAFKA_SASL_USERNAME must be {service} (its own Kafka user)")
        database_password = re.search(r"//[^:]+:\$\{([A-Z_]+)[^}]*\}@", str(environment.get("DATABASE_URL", "")))
        if not str(environment.get("DATABASE_URL", "")).startswith(f"postgres://{service}:") or not database_password:
            fail(f"{label}: DATABASE_URL must log in as the user {service} with a password variable of its own")
        values = {
            "DATABASE_URL": database_password.group(1) if database_password else None,
            "KAFKA_SASL_PASSWORD": str(environment.get("KAFKA_SASL_PASSWORD")) if environment.get("KAFKA_SASL_PASSWORD") else None,
            "PERSONAL_DATA_KEY": str(environment.get("PERSONAL_DATA_KEY")) if environment.get("PERSONAL_DATA_KEY") else None,
        }
        if service in PERSONAL_DATA_SERVICES and not values["PERSONAL_DATA_KEY"]:
            fail(f"{label}: keeps personal data but has no PERSONAL_DATA_KEY of its own")
        if service not in PERSONAL_DATA_SERVICES and values["PERSONAL_DATA_KEY"]:
            fail(f"{label}: keeps no personal data and must not receive PERSONAL_DATA_KEY")
        for variable, value in values.items():
            if value and value in seen[variable]:
                fail(f"{label}: {variable} is the same secret as {seen[variable][value]}'s ({value})")
            elif value:
                seen[variable][value] = service


def check_compose_ports(compose: dict) -> None:
    """Compose has no ingress: every published port is on the host's loopback only, so nothing of the
    gateway (not /.well-known/revocations.json) or behind it is reachable from other machines."""
    for name, service in (compose.get("services") or {}).items():
        for port in service.get("ports") or []:
            host_ip = port.get("host_ip") if isinstance(port, dict) else (str(port).split(":")[0] if str(port).count(":") == 2 else None)
            if host_ip != "127.0.0.1":
                fail(f"docker/compose.yaml service {name}: port {port} must be published on 127.0.0.1 only")


def check_kafka_broker(root: Path) -> None:
    """The compose broker listens for clients over SASL_SSL only, and denies what no ACL allows."""
    if not (root / KAFKA_START).exists():
        fail(f"{KAFKA_START} is missing: compose must start Kafka with SASL_SSL listeners and ACLs")
        return
    text = (root / KAFKA_START).read_text()
    listeners = re.search(r"^listeners=(.*)$", text, re.M)
    for listener in (listeners.group(1).split(",") if listeners else []):
        name = listener.split("://")[0]
        if name not in ("SASL_SSL", "CONTROLLER") or (name == "CONTROLLER" and "localhost" not in listener):
            fail(f"{KAFKA_START}: listener {listener} is neither SASL_SSL nor the controller on loopback")
    if not listeners:
        fail(f"{KAFKA_START}: no listeners= line")
    for needed in ("allow.everyone.if.no.acl.found=false", "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer", "sasl.enabled.mechanisms=SCRAM-SHA-512"):
        if needed not in text:
            fail(f"{KAFKA_START}: {needed} is missing")


def check_kafka_acls(root: Path) -> None:
    """Runs kafka-setup.sh dry and checks every ACL it adds against CONSUMES: each service writes only its own topic."""
    env = {"PATH": "/usr/bin:/bin", "KAFKA_SETUP_DRY_RUN": "1", "KAFKA_BROKERS": "kafka:9092", "KAFKA_ADMIN_PASSWORD": "x", "KAFKA_TLS_CA_FILE": "/ca.pem"}
    env.update({f"{service.upper()}_KAFKA_PASSWORD": f"{service}-password" for service in SERVICES})
    if not (root / KAFKA_SETUP).exists():
        fail(f"{KAFKA_SETUP} is missing: nothing creates the services' Kafka users and ACLs")
        return
    result = subprocess.run(["bash", str(root / KAFKA_SETUP)], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        fail(f"{KAFKA_SETUP}: dry run failed: {result.stderr.strip()}")
        return
    users = set(re.findall(r"^kafka-configs\.sh .*--entity-name (\S+) --add-config SCRAM-SHA-512=", result.stdout, re.M))
    if users != set(SERVICES):
        fail(f"{KAFKA_SETUP}: SCRAM-SHA-512 users {sorted(users)}, expected one per service {SERVICES}")
    granted: dict[str, set[tuple[str, str]]] = {service: set() for service in SERVICES}
    for line in result.stdout.splitlines():
        if not line.startswith("kafka-acls.sh"):
            continue
        words = line.split()
        principal = words[words.index("--allow-principal") + 1].removeprefix("User:")
        operations = [words[i + 1] for i, word in enumerate(words) if word == "--operation"]
        if principal not in granted or "--topic" in words and words[words.index("--topic") + 1] in ("*", "'*'") or "All" in operations or "--resource-pattern-type" in words and "--topic" in words:
            fail(f"{KAFKA_SETUP}: too broad an ACL: {line}")
            continue
        if "--topic" in words:
            granted[principal].update((operation, words[words.index("--topic") + 1]) for operation in operations)
        elif "--group" in words and words[words.index("--group") + 1] != f"{principal}.":
            fail(f"{KAFKA_SETUP}: {principal} may join consumer groups outside {principal}.*: {line}")
    for service in SERVICES:
        writes = {topic for operation, topic in granted[service] if operation == "Write"}
        reads = {topic for operation, topic in granted[service] if operation == "Read"}
        own = {f"{service}.events"} if service not in PUBLISHES_NOTHING else set()
        allowed_writes = own | {f"{topic}.dlt" for topic in CONSUMES[service]}
        if writes != allowed_writes:
            fail(f"{KAFKA_SETUP}: {service} may write {sorted(writes)}; it must write exactly {sorted(allowed_writes)}")
        # Its own topic too: the outbox relay reads back what it published after a crash.
        allowed_reads = set(CONSUMES[service]) | own
        if reads != allowed_reads:
            fail(f"{KAFKA_SETUP}: {service} may read {sorted(reads)}; it must read exactly {sorted(allowed_reads)}")


MONITORING = Path("k8s/base/monitoring")
ALERT_RULES = MONITORING / "alert-rules.yaml"
ALERT_TESTS = MONITORING / "alert-rules.test.yaml"
SCRAPE_CONFIG = MONITORING / "scrape-config.yaml"
DASHBOARD = MONITORING / "platform-health-dashboard.json"
DASHBOARD_CONFIG_MAP = "grafana-dashboard-platform-health"
# Not declared in the code: Prometheus's own `up`, and prom-client's process defaults (collectDefaultMetrics).
EXTERNAL_METRICS = {"up", "process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_p99_seconds", "nodejs_heap_size_used_bytes"}
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"}


def exported_metrics(root: Path) -> set[str]:
    """Metric names in the code: snake_case string literals of the files that use prom-client."""
    names = set()
    for folder in ("apps", "libs"):
        for path in source_files(root, folder):
            text = path.read_text()
            if "prom-client" in text:
                names.update(re.findall(r"['\"]([a-z][a-z0-9]*(?:_[a-z0-9]+)+)['\"]", text))
    # A histogram is read through its series.
    return names | {f"{name}{suffix}" for name in names for suffix in ("_bucket", "_sum", "_count")}


def metrics_read(expr: str) -> set[str]:
    """Metric names a PromQL expression reads: identifiers outside label matchers, ranges and grouping clauses that call nothing."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        if match.group() not in PROMQL_WORDS and not expr[match.end():].lstrip().startswith("("):
            names.add(match.group())
    return names


def run_promtool(args, *command: str, cwd: Path) -> None:
    result = subprocess.run([args.promtool, *command], capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        output = "\n".join(line for line in (result.stdout + result.stderr).splitlines() if line.strip())
        fail(f"promtool {' '.join(command)}:\n{output}")


def check_monitoring(args, root: Path, out: Path, rendered: dict) -> None:
    run_promtool(args, "check", "rules", str(ALERT_RULES), cwd=root)
    run_promtool(args, "test", "rules", str(ALERT_TESTS), cwd=root)
    # The scrape job that gives every series the labels the rules group by, checked with the rules as one config.
    config = yaml.safe_load((root / SCRAPE_CONFIG).read_text())
    config["rule_files"] = [str(root / ALERT_RULES)]
    (out / "prometheus.yml").write_text(yaml.safe_dump(config))
    run_promtool(args, "check", "config", "--syntax-only", str(out / "prometheus.yml"), cwd=root)

    rules = [rule for group in yaml.safe_load((root / ALERT_RULES).read_text())["groups"] for rule in group["rules"]]
    known = exported_metrics(root) | EXTERNAL_METRICS | {rule["record"] for rule in rules if "record" in rule}
    for rule in rules:
        for name in sorted(metrics_read(str(rule["expr"])) - known):
            fail(f"{ALERT_RULES}: {rule.get('alert') or rule.get('record')} reads {name}, which no service exports")

    try:
        dashboard = json.loads((root / DASHBOARD).read_text())
    except json.JSONDecodeError as error:
        fail(f"{DASHBOARD} is not JSON: {error}")
        return
    panels = [panel for panel in dashboard.get("panels", []) if panel.get("type") != "row"]
    for panel in panels:
        read = set().union(*(metrics_read(target.get("expr", "")) for target in panel.get("targets", [])))
        label = f"{DASHBOARD}: panel {panel.get('title')!r}"
        if not read:
            fail(f"{label} reads no metric")
        for name in sorted(read - known):
            fail(f"{label} reads {name}, which no service exports")
        for name in sorted(read):
            if name.removesuffix("_bucket") not in panel.get("description", ""):
                fail(f"{label}: its description does not name the metric {name}")
    print(f"   {len(rules)} rules, {len(panels)} dashboard panels; {len(known)} metric names known")
    for overlay, objects in rendered.items():
        config_map = next((o for o in objects if o["kind"] == "ConfigMap" and o["metadata"]["name"] == DASHBOARD_CONFIG_MAP), None)
        if config_map is None or config_map["metadata"].get("labels", {}).get("grafana_dashboard") != "1":
            fail(f"k8s/overlays/{overlay}: no ConfigMap {DASHBOARD_CONFIG_MAP} labelled grafana_dashboard: \"1\" (the Grafana sidecar's label)")


def main() -> int:
    parser = argparse.ArgumentParser()
    for option in ("--root", "--kustomize", "--kubernetes-validate", "--check-jsonschema", "--hadolint", "--promtool"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    root = Path(args.root)
    started_all = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="deploy-check-") as tmp:
        out = Path(tmp)

        started = step(f"kustomize build {', '.join('k8s/overlays/' + o for o in OVERLAYS)}")
        rendered = render_overlays(args, root, out)
        done(started)

        started = step(f"Kubernetes {KUBERNETES_VERSION} JSON schemas, strict (kubernetes-validate)")
        validate_schemas(args, out, rendered)
        done(started)

        started = step("platform rules (probes, resources, security contexts, PDB/HPA, no Secrets, ingress)")
        gateway_paths = gateway_top_level_paths(root)
        for overlay, objects in rendered.items():
            check_rules(overlay, objects, gateway_paths)
        done(started)

        started = step("docker/compose.yaml against the Compose specification (check-jsonschema vendor.compose-spec)")
        compose_file = root / "docker" / "compose.yaml"
        result = subprocess.run([args.check_jsonschema, "--builtin-schema", "vendor.compose-spec", str(compose_file)], capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"docker/compose.yaml does not follow the Compose specification:\n{(result.stdout + result.stderr).strip()}")
        compose = None
        try:
            compose = yaml.safe_load(compose_file.read_text())
        except yaml.YAMLError as error:
            fail(f"docker/compose.yaml is not YAML: {error}")
        done(started)

        started = step("docker/Dockerfile (hadolint)")
        result = subprocess.run([args.hadolint, "--no-color", "--config", str(root / "tools" / "deploy-check" / "hadolint.yaml"), str(root / "docker" / "Dockerfile")], capture_output=True, text=True, cwd=root)
        if result.returncode != 0:
            fail(f"docker/Dockerfile:\n{(result.stdout + result.stderr).strip()}")
        done(started)

        started = step("environment: every variable a service reads is provided by compose and every overlay")
        exemptions = json.loads((root / "tools" / "deploy-check" / "env-exemptions.json").read_text())
        exemptions = {k: v for k, v in exemptions.items() if not k.startswith("$")}
        needed = variables_read(root, exemptions)
        for service in SERVICES:
            print(f"   {service}: {', '.join(sorted(needed[service]))}")
            if not {"PORT", "DATABASE_URL", "KAFKA_BROKERS"} <= set(needed[service]):
                fail(f"apps/{service}, libs: the source scan found no PORT/DATABASE_URL/KAFKA_BROKERS; is the source there?")
        check_environment(root, needed, compose, rendered, exemptions)
        done(started)

        started = step("secrets per service (database user, Kafka user, personal-data key) and Kafka over SASL_SSL with ACLs")
        for overlay, objects in rendered.items():
            check_k8s_secrets(overlay, objects)
        if compose is not None:
            check_compose_secrets(compose)
            check_compose_ports(compose)
        check_kafka_broker(root)
        check_kafka_acls(root)
        done(started)

        started = step("monitoring: alert rules (promtool check and test), Grafana dashboard, metric names")
        check_monitoring(args, root, out, rendered)
        done(started)

    total = time.monotonic() - started_all
    if failures:
        print(f"deploy-check: {len(failures)} failure(s) in {total:.1f} s")
        return 1
    print(f"deploy-check: all checks passed in {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
