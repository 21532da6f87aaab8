{{/* Names, labels, images and the environment shared by the apps and the migration job. */}}

{{- define "fengqiao.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* fengqiao.name: <fullname>-<component>, e.g. fengqiao-gateway. Call with (list $ "gateway"). */}}
{{- define "fengqiao.name" -}}
{{- printf "%s-%s" (include "fengqiao.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fengqiao.selectorLabels" -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
{{- end -}}

{{- define "fengqiao.labels" -}}
{{ include "fengqiao.selectorLabels" . }}
app.kubernetes.io/part-of: fengqiao
app.kubernetes.io/version: {{ (index . 0).Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ (index . 0).Release.Service }}
helm.sh/chart: {{ printf "%s-%s" (index . 0).Chart.Name (index . 0).Chart.Version }}
{{- end -}}

{{/* fengqiao.image: (list $ "<image name>") -> <registry>/<repository>/<name>:<tag> */}}
{{- define "fengqiao.image" -}}
{{- $ := index . 0 -}}
{{- $img := $.Values.image -}}
{{- $repo := printf "%s/%s" $img.repository (index . 1) -}}
{{- if $img.registry }}{{ $repo = printf "%s/%s" $img.registry $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default $.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{- define "fengqiao.secretName" -}}
{{- default (include "fengqiao.name" (list . "secrets")) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* One variable from the Secret (the key is the variable's name). Call with (list $ "NAME"). */}}
{{- define "fengqiao.secretEnv" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "fengqiao.secretName" (index . 0) }}
      key: {{ index . 1 }}
{{- end -}}

{{/* A variable read from a Secret key of another name: one secret, several readers. (list $ variable key) */}}
{{- define "fengqiao.secretEnvFrom" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "fengqiao.secretName" (index . 0) }}
      key: {{ index . 2 }}
{{- end -}}

{{/* What every app and the migration job read (docker-compose.yml's x-app-env). */}}
{{- define "fengqiao.commonEnv" -}}
{{- $v := .Values -}}
- name: NODE_ENV
  value: {{ $v.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
{{ include "fengqiao.secretEnv" (list . "DATABASE_URL") }}
{{- if $v.nats.urlFromSecret }}
{{ include "fengqiao.secretEnv" (list . "NATS_URL") }}
{{- else }}
- name: NATS_URL
  value: {{ $v.nats.url | quote }}
{{- end }}
- name: NATS_STREAM_REPLICAS
  value: {{ $v.nats.streamReplicas | quote }}
- name: TEMPORAL_ADDRESS
  value: {{ $v.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ $v.temporal.namespace | quote }}
- name: KEYCLOAK_URL
  value: {{ $v.keycloak.url | quote }}
- name: KEYCLOAK_REALM
  value: {{ $v.keycloak.realm | quote }}
- name: KEYCLOAK_PUBLIC_URL
  value: {{ $v.keycloak.publicUrl | quote }}
{{ include "fengqiao.secretEnv" (list . "TEMPORAL_CODEC_KEYRING") }}
{{ include "fengqiao.secretEnv" (list . "PII_KEYRING") }}
{{ include "fengqiao.secretEnv" (list . "PII_BLIND_INDEX_KEY") }}
- name: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  value: {{ $v.observability.tracesEndpoint | quote }}
- name: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT
  value: {{ $v.observability.metricsEndpoint | quote }}
- name: OTEL_METRIC_EXPORT_INTERVAL
  value: {{ $v.observability.metricExportIntervalMs | quote }}
{{- end -}}

{{/* What one app reads besides the common block: its port, its own settings, its secrets. (list $ name app) */}}
{{- define "fengqiao.appEnv" -}}
{{- $ := index . 0 -}}
{{- $name := index . 1 -}}
{{- $app := index . 2 -}}
- name: PORT
  value: {{ $app.port | quote }}
{{- if eq $name "gateway" }}
- name: KEYCLOAK_AUDIENCE
  value: {{ $.Values.keycloak.audience | quote }}
- name: S3_ENDPOINT
  value: {{ $.Values.s3.endpoint | quote }}
- name: S3_PUBLIC_ENDPOINT
  value: {{ default $.Values.console.publicUrl $.Values.s3.publicEndpoint | quote }}
- name: S3_BUCKET
  value: {{ $.Values.s3.bucket | quote }}
{{ include "fengqiao.secretEnv" (list $ "S3_ACCESS_KEY_ID") }}
{{ include "fengqiao.secretEnv" (list $ "S3_SECRET_ACCESS_KEY") }}
{{ include "fengqiao.secretEnvFrom" (list $ "OPEN311_PUBLIC_READER_SECRET" "FQ_SERVICES_CLIENT_SECRET") }}
{{- end }}
{{- if eq $name "insights" }}
{{- /* The figures' read-only replica (docker-compose.cluster.yml's postgres-replica); the key may be absent: DATABASE_URL then. */}}
- name: INSIGHTS_READ_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "fengqiao.secretName" $ }}
      key: INSIGHTS_READ_DATABASE_URL
      optional: true
{{- end }}
{{- if eq $name "webhooks" }}
{{ include "fengqiao.secretEnv" (list $ "WEBHOOK_SECRET_KEYRING") }}
{{ include "fengqiao.secretEnvFrom" (list $ "WEBHOOKS_DIRECTORY_CLIENT_SECRET" "FQ_SERVICES_CLIENT_SECRET") }}
{{- end }}
{{- if eq $name "hotline-12345" }}
{{ include "fengqiao.secretEnv" (list $ "HOTLINE_SHARED_SECRET") }}
{{ include "fengqiao.secretEnv" (list $ "HOTLINE_CLIENT_SECRET") }}
{{- end }}
{{- range $k, $val := $app.env }}
- name: {{ $k }}
  value: {{ $val | quote }}
{{- end }}
{{- end -}}

{{- define "fengqiao.podSpecCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{ toYaml . | nindent 2 }}
{{- end }}
automountServiceAccountToken: false
{{- with .Values.nodeSelector }}
nodeSelector: {{ toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations: {{ toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Spread one component's pods over nodes, softly. (list $ component) */}}
{{- define "fengqiao.topologySpread" -}}
{{- if (index . 0).Values.topologySpread }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels: {{- include "fengqiao.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{/* A PodDisruptionBudget for one component. (list $ component) */}}
{{- define "fengqiao.pdb" -}}
{{- $ := index . 0 -}}
{{- if $.Values.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "fengqiao.name" . }}
  labels: {{- include "fengqiao.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels: {{- include "fengqiao.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}
