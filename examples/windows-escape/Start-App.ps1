<#
.SYNOPSIS
    Minimal status page served with System.Net.HttpListener.
#>
$ErrorActionPreference = 'Stop'

$configPath = Join-Path $env:APP_HOME 'config\appsettings.json'
$config = Get-Content -Raw -Path $configPath | ConvertFrom-Json
$port = if ($env:APP_PORT) { [int]$env:APP_PORT } else { [int]$config.port }

$listener = [System.Net.HttpListener]::new()
$listener.Prefixes.Add("http://+:$port/")
$listener.Start()
Write-EventLog -LogName Application -Source StatusPage -EventId 1000 -Message "Listening on port $port"
Write-Host "$($config.serviceName) listening on port $port"

try {
    while ($listener.IsListening) {
        $context = $listener.GetContext()
        $path = $context.Request.Url.AbsolutePath

        switch ($path) {
            '/health' { $status = 200; $body = @{ status = 'ok' } }
            '/'       { $status = 200; $body = @{ service = $config.serviceName; host = $env:COMPUTERNAME; time = (Get-Date).ToString('o') } }
            default   { $status = 404; $body = @{ error = 'not found' } }
        }

        $bytes = [System.Text.Encoding]::UTF8.GetBytes(($body | ConvertTo-Json -Compress))
        $context.Response.StatusCode = $status
        $context.Response.ContentType = 'application/json'
        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
        $context.Response.Close()

        Add-Content -Path (Join-Path $env:APP_HOME 'logs\access.log') -Value "$(Get-Date -Format o) $status $path"
    }
}
finally {
    $listener.Stop()
}
