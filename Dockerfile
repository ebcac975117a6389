# Deployment image (for machines with a Docker engine; the development machines here have none).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/FinalAccounts.Web/FinalAccounts.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Chromium and CJK fonts print the PDFs and the auditor packs built at publication.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# "Urls" (not ASPNETCORE_URLS): it must override the Urls of appsettings.json.
ENV Urls=http://0.0.0.0:8080 \
    FinalAccounts__LogDirectory=/app/logs
EXPOSE 8080
ENTRYPOINT ["dotnet", "FinalAccounts.Web.dll"]
