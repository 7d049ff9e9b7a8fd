"""Turns the kustomize build of a Kubernetes overlay into what `podman kube play` (4.3) runs.

podman plays Pods, Deployments and ConfigMaps; it has no Services, Jobs or controllers. So:
  - each Job becomes a Pod of the same name (restartPolicy Never), played and awaited in order;
  - each Deployment becomes a Pod named after it, which the network's DNS then resolves by
    that name, as a Service of the same name would be; a "service-port" container in the pod
    forwards the Service's port (80) to the container's target port, as kube-proxy would;
  - secret volumes become hostPath folders holding the secret's items; secretKeyRef stays
    (kube.sh creates each Secret as a podman secret);
  - the images are the ones `npm run images` built (the overlay names a registry that does
    not exist here).
HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, Ingress and Namespace have
nothing to run; they stay validated offline by tools/deploy-check.

Usage: kube_play.py BUILD_YAML OUT_DIR SECRETS_JSON SERVICE_IMAGE_PREFIX KAFKA_IMAGE RUNTIME_IMAGE
Writes OUT_DIR/configmaps.yaml, OUT_DIR/job-<name>.yaml, OUT_DIR/deployment-<name>.yaml and
OUT_DIR/plan.json (the jobs in order, the deployments, their readiness probes, what was left out).
"""
import copy
import json
import sys
from pathlib import Path

import yaml

# Service port -> target port, as kube-proxy forwards it; listens on every address of the pod.
SERVICE_PORT_PROXY = (
    "const net=require('net');"
    "for(const m of process.env.FORWARDS.split(',')){const [from,to]=m.split(':').map(Number);"
    "net.createServer(c=>{const u=net.connect(to,'127.0.0.1');c.pipe(u).pipe(c);"
    "c.on('error',()=>u.destroy());u.on('error',()=>c.destroy());}).listen(from,'0.0.0.0');}"
)
NOT_RUN = {"HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Namespace"}


def main(build_yaml, out_dir, secrets_json, image_prefix, kafka_image, runtime_image):
    docs = [doc for doc in yaml.safe_load_all(Path(build_yaml).read_text()) if doc]
    out = Path(out_dir)
    secrets = json.loads(Path(secrets_json).read_text())
    services = {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == "Service"}
    plan = {"jobs": [], "deployments": [], "volumes": [], "probes": {}, "leftOut": sorted({doc["kind"] for doc in docs if doc["kind"] in NOT_RUN})}

    configmaps = [doc for doc in docs if doc["kind"] == "ConfigMap"]
    (out / "configmaps.yaml").write_text(yaml.safe_dump_all(configmaps))

    def pod_of(name, template, restart_policy):
        spec = copy.deepcopy(template["spec"])
        spec["restartPolicy"] = restart_policy
        for container in spec["containers"] + spec.get("initContainers", []):
            container["image"] = local_image(container["image"], image_prefix, kafka_image)
            container["imagePullPolicy"] = "Never"
        for volume in spec.get("volumes", []):
            if "secret" in volume:
                volume.update(secret_volume(out, volume.pop("secret"), secrets))
            if "configMap" in volume and volume["configMap"]["name"] not in plan["volumes"]:
                plan["volumes"].append(volume["configMap"]["name"])  # podman 4.3 keeps it as a volume of that name
            if "emptyDir" in volume:
                # podman 4.3 makes an emptyDir a named volume of the volume's name, shared by every pod: one per pod.
                renamed = f"{name}-{volume['name']}"
                for container in spec["containers"] + spec.get("initContainers", []):
                    for mount in container.get("volumeMounts", []):
                        if mount["name"] == volume["name"]:
                            mount["name"] = renamed
                volume["name"] = renamed
                plan["volumes"].append(renamed)
        for container in spec["containers"] + spec.get("initContainers", []):
            # podman 4.3 publishes a containerPort on the host: the pods are reached on the network only.
            container.pop("ports", None)
        return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": template["metadata"].get("labels", {})}, "spec": spec}

    # The topics Job first (the services' Kafka users), then the migrations, as the operations guide orders them.
    jobs = sorted((doc for doc in docs if doc["kind"] == "Job"), key=lambda job: job["metadata"]["name"] != "kafka-topics")
    for job in jobs:
        name = job["metadata"]["name"]
        (out / f"job-{name}.yaml").write_text(yaml.safe_dump(pod_of(name, job["spec"]["template"], "Never")))
        plan["jobs"].append(name)

    for deployment in (doc for doc in docs if doc["kind"] == "Deployment"):
        name = deployment["metadata"]["name"]
        pod = pod_of(name, deployment["spec"]["template"], "Always")
        main_container = pod["spec"]["containers"][0]
        declared_ports = deployment["spec"]["template"]["spec"]["containers"][0].get("ports", [])
        named_ports = {port["name"]: port["containerPort"] for port in declared_ports if "name" in port}
        forwards = []
        for port in services.get(name, {}).get("spec", {}).get("ports", []):
            target = port.get("targetPort", port["port"])
            forwards.append(f"{port['port']}:{named_ports.get(target, target)}")
        if forwards:
            # Non-root like the rest of the pod; binding port 80 takes NET_BIND_SERVICE (podman 4.3 ignores pod sysctls).
            pod["spec"]["containers"].append({
                "name": "service-port",
                "image": runtime_image,
                "imagePullPolicy": "Never",
                "command": ["node", "-e", SERVICE_PORT_PROXY],
                "env": [{"name": "FORWARDS", "value": ",".join(forwards)}],
                "securityContext": {"runAsUser": 1000, "runAsNonRoot": True, "readOnlyRootFilesystem": True, "allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}},
            })
        probe = main_container.get("readinessProbe", {}).get("httpGet")
        if probe:
            plan["probes"][name] = {"container": main_container["name"], "path": probe["path"], "port": named_ports.get(probe["port"], probe["port"])}
        (out / f"deployment-{name}.yaml").write_text(yaml.safe_dump(pod))
        plan["deployments"].append(name)
    (out / "plan.json").write_text(json.dumps(plan, indent=2))


def local_image(image, image_prefix, kafka_image):
    repository = image.split("@")[0].rsplit(":", 1)[0]
    if repository.startswith("apache/kafka") or repository.endswith("/apache/kafka"):
        return kafka_image
    service = repository.rsplit("/", 1)[-1]
    return f"{image_prefix}/{service}:{image.rsplit(':', 1)[-1]}"


def secret_volume(out, source, secrets):
    name = source["secretName"]
    folder = out / "secret-volumes" / name
    folder.mkdir(parents=True, exist_ok=True)
    values = secrets[name]
    for item in source.get("items") or [{"key": key, "path": key} for key in values]:
        (folder / item["path"]).write_text(values[item["key"]])
    return {"hostPath": {"path": str(folder), "type": "Directory"}}


if __name__ == "__main__":
    main(*sys.argv[1:])
