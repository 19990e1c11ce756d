{{/*
Helpers shared by every template. A "service context" is a dict with:
  root: the chart's root context ($), name: the key under .Values.services, svc: its block.
*/}}

{{/* The component name of a service: its key with dashes (text_control -> text-control). */}}
{{- define "mixdown.component" -}}
{{- .name | replace "_" "-" -}}
{{- end -}}

{{/* Object name of a service's resources: <release>-<component>, at most 63 characters. */}}
{{- define "mixdown.fullname" -}}
{{- printf "%s-%s" .root.Release.Name (include "mixdown.component" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mixdown.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select one service's pods (stable across upgrades). */}}
{{- define "mixdown.selectorLabels" -}}
app.kubernetes.io/name: mixdown
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ include "mixdown.component" . }}
{{- end -}}

{{/* Standard labels of every object of a service. */}}
{{- define "mixdown.labels" -}}
{{ include "mixdown.selectorLabels" . }}
app.kubernetes.io/part-of: mixdown
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "mixdown.chart" .root }}
{{- end -}}

{{/* Standard labels of release-wide objects (network policy, monitoring); takes the root context. */}}
{{- define "mixdown.releaseLabels" -}}
app.kubernetes.io/name: mixdown
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: mixdown
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "mixdown.chart" . }}
{{- end -}}

{{/* Selects every Mixdown pod of the release (not the subcharts' pods). */}}
{{- define "mixdown.releaseSelector" -}}
app.kubernetes.io/name: mixdown
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The service's settings: the global ones, overridden by its own. */}}
{{- define "mixdown.settings" -}}
{{- $merged := merge (deepCopy (.svc.settings | default dict)) (deepCopy (.root.Values.settings | default dict)) -}}
{{- toJson $merged -}}
{{- end -}}

{{/* An environment value as the service reads it: whole numbers without exponent, lists and maps as JSON. */}}
{{- define "mixdown.envValue" -}}
{{- $v := . -}}
{{- if kindIs "bool" $v -}}
{{- ternary "true" "false" $v -}}
{{- else if or (kindIs "float64" $v) (kindIs "int64" $v) (kindIs "int" $v) -}}
{{- if eq (float64 $v) (floor $v) -}}{{- printf "%d" (int64 $v) -}}{{- else -}}{{- $v -}}{{- end -}}
{{- else if or (kindIs "map" $v) (kindIs "slice" $v) -}}
{{- toJson $v -}}
{{- else -}}
{{- $v | toString -}}
{{- end -}}
{{- end -}}

{{/* The image reference of a service: registry/repository:tag or registry/repository@digest. */}}
{{- define "mixdown.image" -}}
{{- $image := .svc.image | default dict -}}
{{- $tag := $image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion | toString -}}
{{- if eq $tag "latest" -}}
{{- fail (printf "services.%s: the image tag must be a version, not \"latest\"" .name) -}}
{{- end -}}
{{- $registry := $image.registry | default .root.Values.image.registry -}}
{{- if $image.digest -}}
{{- printf "%s/%s@%s" $registry $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* NATS client URL (when it does not come from a Secret). */}}
{{- define "mixdown.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- printf "nats://%s.%s.svc:4222" (include "mixdown.natsHost" .) .Release.Namespace -}}
{{- else -}}
{{- required "externalNats.nats_url (or externalNats.nats_url_secret.name) is required when nats.enabled is false" .Values.externalNats.nats_url -}}
{{- end -}}
{{- end -}}

{{- define "mixdown.natsHost" -}}
{{- .Values.nats.fullnameOverride | default (printf "%s-nats" .Release.Name) -}}
{{- end -}}

{{/* host:port of the NATS monitoring endpoint KEDA reads consumer lag from. */}}
{{- define "mixdown.natsMonitoringEndpoint" -}}
{{- if .Values.nats.enabled -}}
{{- printf "%s-headless.%s.svc.cluster.local:8222" (include "mixdown.natsHost" .) .Release.Namespace -}}
{{- else -}}
{{- required "externalNats.monitoring_endpoint is required for KEDA when nats.enabled is false" .Values.externalNats.monitoring_endpoint -}}
{{- end -}}
{{- end -}}

{{/* host:port of the S3 endpoint: the bundled MinIO when minio.enabled, else storage.s3_endpoint. */}}
{{- define "mixdown.s3Endpoint" -}}
{{- if .Values.minio.enabled -}}
{{- printf "%s.%s.svc:9000" (.Values.minio.fullnameOverride | default (printf "%s-minio" .Release.Name)) .Release.Namespace -}}
{{- else -}}
{{- required "storage.s3_endpoint is required when minio.enabled is false (host:port of the S3 API)" .Values.storage.s3_endpoint -}}
{{- end -}}
{{- end -}}

{{/* terminationGracePeriodSeconds: the drain the service grants the message in hand, plus the rest of its stop. */}}
{{- define "mixdown.terminationGraceSeconds" -}}
{{- $settings := include "mixdown.settings" . | fromJson -}}
{{- $grace := $settings.shutdown_grace_seconds | default 20 -}}
{{- add (ceil $grace | int64) (.svc.termination_extra_seconds | default 30 | int64) -}}
{{- end -}}

{{/* Whether a service is scaled by KEDA on its stage consumer. */}}
{{- define "mixdown.kedaScaled" -}}
{{- if and .root.Values.autoscaling.keda.enabled .svc.autoscaling.enabled .svc.stage -}}true{{- end -}}
{{- end -}}

{{/* Whether a service is scaled by a CPU HorizontalPodAutoscaler (the fallback without KEDA). */}}
{{- define "mixdown.hpaScaled" -}}
{{- if and .svc.autoscaling.enabled (not (include "mixdown.kedaScaled" .)) -}}true{{- end -}}
{{- end -}}

{{/* The JetStream consumer a stage service pulls from: stage-<stage>, or stage-<stage>-<lane> on a lane. */}}
{{- define "mixdown.consumer" -}}
{{- if .lane -}}{{ printf "stage-%s-%s" .stage .lane }}{{- else -}}{{ printf "stage-%s" .stage }}{{- end -}}
{{- end -}}

{{/* Whether an enabled mixing service consumes the style lane (the gateway then queues style jobs there). */}}
{{- define "mixdown.styleLane" -}}
{{- range $name, $svc := .Values.services -}}
{{- if and $svc.enabled (eq $svc.stage "mixing") (eq (toString $svc.lane) "style") -}}true{{- end -}}
{{- end -}}
{{- end -}}
