# Deployment image (for machines with a Docker engine; the development machines here have none).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/FinalAccounts.Web/FinalAccounts.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    FinalAccounts__LogDirectory=/app/logs
EXPOSE 8080
ENTRYPOINT ["dotnet", "FinalAccounts.Web.dll"]
