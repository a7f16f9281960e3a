# The fitbench command line (fit, batch, batch --queue, worker) on Node 20.
FROM node:20-bookworm-slim
WORKDIR /opt/fitbench
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY tsconfig*.json ./
RUN npm ci --no-audit --no-fund && npm run build:cli
ENTRYPOINT ["node", "bin/fitbench.mjs"]
