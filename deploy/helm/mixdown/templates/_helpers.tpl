{{- define "mixdown.labels" -}}
app.kubernetes.io/name: {{ .name | replace "_" "-" }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: mixdown
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}
