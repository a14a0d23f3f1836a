{{/* The chart's name, overridable. */}}
{{- define "klaxon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's resource name: <release>-klaxon, or just <release> when it already says klaxon. */}}
{{- define "klaxon.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "klaxon.selectorLabels" -}}
app.kubernetes.io/name: {{ include "klaxon.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "klaxon.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "klaxon.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: klaxon
{{- end -}}

{{- define "klaxon.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "klaxon.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "klaxon.image" -}}
{{- $repo := required "image.repository is required: the Klaxon image you built and pushed (README, \"Container image\")" .Values.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding Klaxon's secret settings (environment variable names as keys). */}}
{{- define "klaxon.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "klaxon.fullname" .) -}}
{{- end -}}

{{/* Secret settings: environment variable name -> value; only the non-empty ones are written. */}}
{{- define "klaxon.secretEnv" -}}
{{- $s := .Values.secrets -}}
KLAXON_BOOTSTRAP_ADMIN_TOKEN: {{ $s.bootstrapAdminToken | quote }}
KLAXON_TWILIO_AUTH_TOKEN: {{ $s.twilioAuthToken | quote }}
KLAXON_ACK_SIGNING_KEY: {{ $s.ackSigningKey | quote }}
KLAXON_WEBHOOK_SIGNING_SECRET: {{ $s.webhookSigningSecret | quote }}
KLAXON_NTFY_ACCESS_TOKEN: {{ $s.ntfyAccessToken | quote }}
KLAXON_PUSHOVER_APP_TOKEN: {{ $s.pushoverAppToken | quote }}
QUARKUS_MAILER_PASSWORD: {{ $s.mailerPassword | quote }}
KLAXON_WATCHDOG_URL: {{ $s.watchdogUrl | quote }}
KLAXON_OIDC_CLIENT_SECRET: {{ $s.oidcClientSecret | quote }}
{{- end -}}

{{/* The CloudNativePG Cluster's name; CloudNativePG derives <name>-rw (service) and <name>-app (secret). */}}
{{- define "klaxon.cnpgName" -}}
{{- printf "%s-postgres" (include "klaxon.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{/* The JDBC URL Klaxon connects to. */}}
{{- define "klaxon.databaseUrl" -}}
{{- if .Values.cloudnativepg.enabled -}}
{{- printf "jdbc:postgresql://%s-rw.%s.svc:5432/%s" (include "klaxon.cnpgName" .) .Release.Namespace .Values.cloudnativepg.database -}}
{{- else -}}
{{- required "set database.url (with database.existingSecret or database.username/password), or cloudnativepg.enabled=true" .Values.database.url -}}
{{- end -}}
{{- end -}}

{{/* The Secret and keys holding the database credentials. */}}
{{- define "klaxon.databaseSecret" -}}
{{- $url := include "klaxon.databaseUrl" . -}}
{{- if .Values.cloudnativepg.enabled -}}
name: {{ printf "%s-app" (include "klaxon.cnpgName" .) }}
usernameKey: username
passwordKey: password
{{- else if .Values.database.existingSecret -}}
name: {{ .Values.database.existingSecret }}
usernameKey: {{ .Values.database.usernameKey }}
passwordKey: {{ .Values.database.passwordKey }}
{{- else if .Values.database.password -}}
name: {{ printf "%s-database" (include "klaxon.fullname" .) }}
usernameKey: username
passwordKey: password
{{- else -}}
{{- fail "database credentials: set database.existingSecret (recommended) or database.username and database.password" -}}
{{- end -}}
{{- end -}}

{{/* Every value an install must set, checked at once so the error lists all that are missing. */}}
{{- define "klaxon.validate" -}}
{{- $missing := list -}}
{{- if not .Values.image.repository -}}
{{- $missing = append $missing "image.repository (the Klaxon image you built and pushed)" -}}
{{- end -}}
{{- if not .Values.klaxon.publicUrl -}}
{{- $missing = append $missing "klaxon.publicUrl (the https URL phones and Twilio reach Klaxon at)" -}}
{{- end -}}
{{- if not .Values.cloudnativepg.enabled -}}
{{- if not .Values.database.url -}}
{{- $missing = append $missing "database.url (or cloudnativepg.enabled=true)" -}}
{{- end -}}
{{- if not (or .Values.database.existingSecret .Values.database.password) -}}
{{- $missing = append $missing "database.existingSecret (or database.username and database.password)" -}}
{{- end -}}
{{- end -}}
{{- if $missing -}}
{{- fail (printf "set these values: %s" (join "; " $missing)) -}}
{{- end -}}
{{- end -}}
