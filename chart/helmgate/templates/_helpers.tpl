{{/* Chart name, shortened to the 63 characters a label allows. */}}
{{- define "helmgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "helmgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "helmgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "helmgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "helmgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "helmgate.labels" -}}
helm.sh/chart: {{ include "helmgate.chart" . }}
{{ include "helmgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "helmgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "helmgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* True when the database is PostgreSQL; anything else is the embedded H2 file database. */}}
{{- define "helmgate.postgres" -}}
{{- if hasPrefix "jdbc:postgresql:" .Values.database.url }}true{{ end }}
{{- end }}

{{/* The Secret's data: only the values that are set, by the key names existingSecret uses. */}}
{{- define "helmgate.secretData" -}}
{{- $data := dict }}
{{- $_ := set $data "slack-signing-secret" .Values.slack.signingSecret }}
{{- $_ = set $data "slack-bot-token" .Values.slack.botToken }}
{{- $_ = set $data "slack-app-token" .Values.slack.appToken }}
{{- $_ = set $data "git-token" .Values.git.token }}
{{- $_ = set $data "argocd-token" .Values.argocd.token }}
{{- $_ = set $data "vault-token" .Values.vault.token }}
{{- $_ = set $data "vault-app-role-secret-id" .Values.vault.appRole.secretId }}
{{- $_ = set $data "database-password" .Values.database.password }}
{{- range $key, $value := $data }}
{{- if $value }}
{{ $key }}: {{ $value | b64enc | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of the Secret the pod reads, or empty when there is none. */}}
{{- define "helmgate.secretName" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecret }}
{{- else if trim (include "helmgate.secretData" .) }}
{{- include "helmgate.fullname" . }}
{{- end }}
{{- end }}

{{/* Refuse value combinations that would deploy something broken. */}}
{{- define "helmgate.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not (include "helmgate.postgres" .)) }}
{{- fail (printf "replicaCount is %d but database.url is not PostgreSQL: several replicas need a shared database (database.url=jdbc:postgresql://host:5432/helmgate); the embedded H2 database lives in one pod's /app/data" (int .Values.replicaCount)) }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) .Values.persistence.enabled }}
{{- fail "persistence.enabled=true with replicaCount > 1: each replica needs its own clone of the values repository; use persistence.enabled=false (an emptyDir per pod) with PostgreSQL" }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) }}
{{- fail "ingress.enabled=true needs ingress.host: the public host name Slack posts to" }}
{{- end }}
{{- if and .Values.vault.enabled (not .Values.vault.uri) }}
{{- fail "vault.enabled=true needs vault.uri, e.g. https://vault.example.org:8200" }}
{{- end }}
{{- end }}
